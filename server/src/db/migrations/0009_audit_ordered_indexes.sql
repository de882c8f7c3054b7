DROP INDEX "audit_entries_account_actor_idx";--> statement-breakpoint
DROP INDEX "audit_entries_account_target_idx";--> statement-breakpoint
CREATE INDEX "audit_entries_account_actor_at_idx" ON "audit_entries" USING btree ("account_id","actor_user_id","at" desc,"id");--> statement-breakpoint
CREATE INDEX "audit_entries_account_target_at_idx" ON "audit_entries" USING btree ("account_id","target_id","at" desc,"id");--> statement-breakpoint
CREATE INDEX "audit_entries_account_action_at_idx" ON "audit_entries" USING btree ("account_id","action","at" desc,"id");--> statement-breakpoint
CREATE INDEX "audit_entries_account_type_at_idx" ON "audit_entries" USING btree ("account_id","target_type","at" desc,"id");