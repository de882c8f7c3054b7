-- Scoped API tokens (issue 20). Existing tokens keep working as they did: read-write; with
-- administrative rights only when their owner is an administrator now; and every token now
-- expires, those without an expiry a year after this migration (docs/decisions.md). Expand
-- only: the defaults and the nullable expires_at serve the previous release's code during a
-- rolling upgrade or after a rollback (docs/operations.md, "Upgrade").
ALTER TABLE "api_tokens" ADD COLUMN "scope" text DEFAULT 'read-write' NOT NULL;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "administrator" boolean DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE "api_tokens" SET "administrator" = true FROM "users" WHERE "users"."id" = "api_tokens"."user_id" AND "users"."level" = 'administrator';--> statement-breakpoint
UPDATE "api_tokens" SET "expires_at" = now() + interval '365 days' WHERE "expires_at" IS NULL;--> statement-breakpoint
CREATE INDEX "api_tokens_account_idx" ON "api_tokens" USING btree ("account_id");
