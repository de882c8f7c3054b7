CREATE TABLE "access_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"team_id" uuid NOT NULL,
	"resource_type" text NOT NULL,
	"privileges" text[] NOT NULL,
	"tags" text[] NOT NULL,
	"tag_match" text DEFAULT 'any' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "access_rules_resource_type_check" CHECK ("access_rules"."resource_type" in ('cluster', 'pipeline')),
	CONSTRAINT "access_rules_tag_match_check" CHECK ("access_rules"."tag_match" in ('any', 'all'))
);
--> statement-breakpoint
CREATE TABLE "clusters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pipelines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"project" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "last_rule_number" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "access_rules" ADD CONSTRAINT "access_rules_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_rules" ADD CONSTRAINT "access_rules_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipelines" ADD CONSTRAINT "pipelines_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "access_rules_account_number_key" ON "access_rules" USING btree ("account_id","number");--> statement-breakpoint
CREATE INDEX "access_rules_team_idx" ON "access_rules" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "clusters_account_name_key" ON "clusters" USING btree ("account_id",lower("name"));--> statement-breakpoint
CREATE INDEX "clusters_tags_idx" ON "clusters" USING gin ("tags");--> statement-breakpoint
CREATE UNIQUE INDEX "pipelines_account_project_name_key" ON "pipelines" USING btree ("account_id",lower("project"),lower("name"));--> statement-breakpoint
CREATE INDEX "pipelines_account_name_idx" ON "pipelines" USING btree ("account_id",lower("name"),"id");--> statement-breakpoint
CREATE INDEX "pipelines_tags_idx" ON "pipelines" USING gin ("tags");--> statement-breakpoint
-- P-2.8: accounts made before access rules existed get the default rules a new account gets.
INSERT INTO "access_rules" ("account_id", "number", "team_id", "resource_type", "privileges", "tags", "tag_match", "created_at", "updated_at")
SELECT t."account_id", d."number", t."id", d."resource_type", d."privileges", ARRAY['untagged'], 'any', now(), now()
FROM "teams" t
CROSS JOIN (VALUES
  (1, 'cluster', ARRAY['read', 'update']),
  (2, 'pipeline', ARRAY['create']),
  (3, 'pipeline', ARRAY['read', 'update', 'delete', 'run', 'approve', 'debug'])
) AS d("number", "resource_type", "privileges")
WHERE t."built_in" = 'users';
--> statement-breakpoint
UPDATE "accounts" SET "last_rule_number" = 3;
