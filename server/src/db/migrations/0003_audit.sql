CREATE TABLE "audit_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid NOT NULL,
	"actor_token_id" uuid,
	"actor_name" text NOT NULL,
	"actor_email" text NOT NULL,
	"actor_token_name" text,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" uuid NOT NULL,
	"target_name" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "idle_timeout_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "idle_timeout_updated_by" uuid;--> statement-breakpoint
ALTER TABLE "audit_entries" ADD CONSTRAINT "audit_entries_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_entries_account_at_idx" ON "audit_entries" USING btree ("account_id","at" desc,"id");--> statement-breakpoint
CREATE INDEX "audit_entries_account_actor_idx" ON "audit_entries" USING btree ("account_id","actor_user_id","at" desc);--> statement-breakpoint
CREATE INDEX "audit_entries_account_target_idx" ON "audit_entries" USING btree ("account_id","target_id");--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_idle_timeout_updated_by_users_id_fk" FOREIGN KEY ("idle_timeout_updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;