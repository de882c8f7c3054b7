ALTER TABLE "access_rules" ADD COLUMN "note" text;--> statement-breakpoint
CREATE INDEX "access_rules_account_updated_idx" ON "access_rules" USING btree ("account_id","updated_at" desc,"number");