CREATE TABLE "pipeline_definition_versions" (
	"pipeline_id" uuid NOT NULL,
	"n" integer NOT NULL,
	"definition" text NOT NULL,
	"digest" text NOT NULL,
	"lines" integer NOT NULL,
	"saved_by" uuid,
	"saved_at" timestamp with time zone NOT NULL,
	CONSTRAINT "pipeline_definition_versions_pkey" PRIMARY KEY("pipeline_id","n")
);
--> statement-breakpoint
ALTER TABLE "pipeline_definition_versions" ADD CONSTRAINT "pipeline_definition_versions_pipeline_id_pipelines_id_fk" FOREIGN KEY ("pipeline_id") REFERENCES "public"."pipelines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipeline_definition_versions" ADD CONSTRAINT "pipeline_definition_versions_saved_by_users_id_fk" FOREIGN KEY ("saved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pipeline_definition_versions_saved_by_idx" ON "pipeline_definition_versions" USING btree ("saved_by");--> statement-breakpoint
-- Backfill: each inline pipeline's current definition is its version 1, saved when the pipeline
-- was last changed, by the person of its newest create or update audit entry when that person
-- is still here (otherwise nobody is named). Digest and line count as the server computes them
-- (definition-sources.ts): SHA-256 hex of the UTF-8 text; lines as an editor numbers them, a
-- final line break starting no new line.
INSERT INTO "pipeline_definition_versions" ("pipeline_id", "n", "definition", "digest", "lines", "saved_by", "saved_at")
SELECT p."id", 1, p."inline_yaml",
  encode(sha256(convert_to(p."inline_yaml", 'UTF8')), 'hex'),
  CASE WHEN p."inline_yaml" = '' THEN 0
    ELSE length(regexp_replace(p."inline_yaml", E'\n$', ''))
      - length(replace(regexp_replace(p."inline_yaml", E'\n$', ''), E'\n', '')) + 1 END,
  (SELECT u."id" FROM "audit_entries" a JOIN "users" u ON u."id" = a."actor_user_id"
    WHERE a."account_id" = p."account_id" AND a."target_id" = p."id"
      AND a."action" IN ('pipeline.created', 'pipeline.updated')
    ORDER BY a."at" DESC, a."id" LIMIT 1),
  p."updated_at"
FROM "pipelines" p
WHERE p."source_type" = 'inline' AND p."inline_yaml" IS NOT NULL;
