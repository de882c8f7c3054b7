ALTER TABLE "accounts" ADD COLUMN "inline_source_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "git_source_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "url_source_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "pipeline_sources_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "pipeline_sources_updated_by" uuid;--> statement-breakpoint
ALTER TABLE "pipelines" ADD COLUMN "source_type" text DEFAULT 'inline' NOT NULL;--> statement-breakpoint
ALTER TABLE "pipelines" ADD COLUMN "inline_yaml" text;--> statement-breakpoint
ALTER TABLE "pipelines" ADD COLUMN "git_provider_id" uuid;--> statement-breakpoint
ALTER TABLE "pipelines" ADD COLUMN "git_repository" text;--> statement-breakpoint
ALTER TABLE "pipelines" ADD COLUMN "git_branch" text;--> statement-breakpoint
ALTER TABLE "pipelines" ADD COLUMN "git_path" text;--> statement-breakpoint
ALTER TABLE "pipelines" ADD COLUMN "source_url" text;--> statement-breakpoint
ALTER TABLE "git_providers" ADD COLUMN "restrict_repositories" jsonb;--> statement-breakpoint
ALTER TABLE "git_providers" ADD COLUMN "restrict_branches" text;--> statement-breakpoint
ALTER TABLE "git_providers" ADD COLUMN "restrict_paths" text;--> statement-breakpoint
ALTER TABLE "git_providers" ADD COLUMN "restrictions_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "git_providers" ADD COLUMN "restrictions_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "git_providers" ADD COLUMN "restrictions_updated_by" uuid;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "decisions" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_pipeline_sources_updated_by_users_id_fk" FOREIGN KEY ("pipeline_sources_updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipelines" ADD CONSTRAINT "pipelines_git_provider_id_git_providers_id_fk" FOREIGN KEY ("git_provider_id") REFERENCES "public"."git_providers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "git_providers" ADD CONSTRAINT "git_providers_restrictions_updated_by_users_id_fk" FOREIGN KEY ("restrictions_updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pipelines_account_source_idx" ON "pipelines" USING btree ("account_id","source_type");--> statement-breakpoint
CREATE INDEX "pipelines_git_provider_idx" ON "pipelines" USING btree ("git_provider_id");--> statement-breakpoint
ALTER TABLE "pipelines" ADD CONSTRAINT "pipelines_source_type_check" CHECK ("pipelines"."source_type" in ('inline', 'git', 'url'));--> statement-breakpoint
-- Pipelines made before definitions existed start inline, from the template new ones start from (contract/pipeline-sources.ts).
UPDATE "pipelines" SET "inline_yaml" = $yaml$version: '1.0'
stages:
  - test
steps:
  hello:
    title: Say hello
    stage: test
    image: alpine:3.20
    commands:
      - echo "Hello from ${{CF_PIPELINE_NAME}}"
$yaml$ WHERE "source_type" = 'inline' AND "inline_yaml" IS NULL;
