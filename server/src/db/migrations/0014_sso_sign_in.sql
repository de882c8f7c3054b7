CREATE TABLE "sso_group_mappings" (
	"account_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"group_name" text NOT NULL,
	"team_id" uuid NOT NULL,
	CONSTRAINT "sso_group_mappings_provider_id_group_name_team_id_pk" PRIMARY KEY("provider_id","group_name","team_id")
);
--> statement-breakpoint
CREATE TABLE "sso_sign_ins" (
	"id" text PRIMARY KEY NOT NULL,
	"provider_id" uuid NOT NULL,
	"nonce" text,
	"code_verifier" text,
	"request_id" text,
	"return_to" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sso_providers" ADD COLUMN "create_people" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sso_group_mappings" ADD CONSTRAINT "sso_group_mappings_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_group_mappings" ADD CONSTRAINT "sso_group_mappings_provider_id_sso_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."sso_providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_group_mappings" ADD CONSTRAINT "sso_group_mappings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_sign_ins" ADD CONSTRAINT "sso_sign_ins_provider_id_sso_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."sso_providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sso_group_mappings_team_idx" ON "sso_group_mappings" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sso_sign_ins_request_key" ON "sso_sign_ins" USING btree ("request_id");