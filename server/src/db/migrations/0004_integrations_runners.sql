CREATE TABLE "git_providers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"base_url" text NOT NULL,
	"credentials_sealed" text,
	"on_premise" boolean DEFAULT false NOT NULL,
	"behind_firewall" boolean DEFAULT false NOT NULL,
	"last_test" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"domain" text NOT NULL,
	"credentials_sealed" text,
	"behind_firewall" boolean DEFAULT false NOT NULL,
	"last_test" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "runners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"registration_token_hash" text,
	"registration_expires_at" timestamp with time zone,
	"credential_hash" text,
	"registered_at" timestamp with time zone,
	"last_poll_at" timestamp with time zone,
	"runner_version" text,
	"app_proxy" boolean DEFAULT false NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"state" text NOT NULL,
	"trigger" jsonb NOT NULL,
	"runner_id" uuid,
	"claimed_by_runner_id" uuid,
	"debug" boolean DEFAULT false NOT NULL,
	"steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "triggers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"git_provider_id" uuid NOT NULL,
	"runner_id" uuid NOT NULL,
	"repository" text NOT NULL,
	"events" text[] NOT NULL,
	"branch_filter" text,
	"modified_files_glob" text,
	"secret_sealed" text NOT NULL,
	"secret_rotated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "api_server_url" text;--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "ca_certificate" text;--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "service_account_token_sealed" text;--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "internal" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "git_providers" ADD CONSTRAINT "git_providers_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registries" ADD CONSTRAINT "registries_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runners" ADD CONSTRAINT "runners_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_pipeline_id_pipelines_id_fk" FOREIGN KEY ("pipeline_id") REFERENCES "public"."pipelines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_runner_id_runners_id_fk" FOREIGN KEY ("runner_id") REFERENCES "public"."runners"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_claimed_by_runner_id_runners_id_fk" FOREIGN KEY ("claimed_by_runner_id") REFERENCES "public"."runners"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triggers" ADD CONSTRAINT "triggers_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triggers" ADD CONSTRAINT "triggers_pipeline_id_pipelines_id_fk" FOREIGN KEY ("pipeline_id") REFERENCES "public"."pipelines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triggers" ADD CONSTRAINT "triggers_git_provider_id_git_providers_id_fk" FOREIGN KEY ("git_provider_id") REFERENCES "public"."git_providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triggers" ADD CONSTRAINT "triggers_runner_id_runners_id_fk" FOREIGN KEY ("runner_id") REFERENCES "public"."runners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "git_providers_account_name_key" ON "git_providers" USING btree ("account_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "registries_account_name_key" ON "registries" USING btree ("account_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "runners_account_name_key" ON "runners" USING btree ("account_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "runners_credential_hash_key" ON "runners" USING btree ("credential_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "runners_registration_token_hash_key" ON "runners" USING btree ("registration_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "runs_pipeline_number_key" ON "runs" USING btree ("pipeline_id","number");--> statement-breakpoint
CREATE INDEX "runs_queue_idx" ON "runs" USING btree ("account_id","created_at") WHERE "runs"."state" = 'queued';--> statement-breakpoint
CREATE INDEX "triggers_pipeline_idx" ON "triggers" USING btree ("pipeline_id");--> statement-breakpoint
CREATE INDEX "triggers_git_provider_idx" ON "triggers" USING btree ("git_provider_id");