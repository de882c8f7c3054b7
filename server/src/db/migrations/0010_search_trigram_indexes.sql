-- Searches (`?q=`, ilike '%…%') through trigram indexes (issue 17; docs/decisions.md, "Issue 17:
-- searches through trigram indexes"). pg_trgm is a trusted extension (PostgreSQL 13+): the
-- database's owner may create it without being a superuser. PGlite loads it in db/client.ts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
-- array_to_string is only STABLE (its element type's output function might be), so an index
-- cannot use it; for text[] it is immutable, which this wrapper declares. Not inlined (it is
-- declared less volatile than its body), so the index expression and the query's match exactly.
-- COST 4: about four times array_to_string's per row (measured), not the default 100 of a SQL
-- function, which would make the planner evaluate a search after the access filter.
CREATE FUNCTION tags_text(tags text[]) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 4
  AS $$ SELECT pg_catalog.array_to_string(tags, ' ') $$;--> statement-breakpoint
-- fastupdate=false: no pending list, which only VACUUM merges and PGlite never runs.
CREATE INDEX "users_name_trgm_idx" ON "users" USING gin ("name" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "users_email_trgm_idx" ON "users" USING gin ("email" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "clusters_name_trgm_idx" ON "clusters" USING gin ("name" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "clusters_tags_text_trgm_idx" ON "clusters" USING gin (tags_text("tags") gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "pipelines_name_trgm_idx" ON "pipelines" USING gin ("name" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "pipelines_project_trgm_idx" ON "pipelines" USING gin ("project" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "pipelines_tags_text_trgm_idx" ON "pipelines" USING gin (tags_text("tags") gin_trgm_ops) WITH (fastupdate=false);
