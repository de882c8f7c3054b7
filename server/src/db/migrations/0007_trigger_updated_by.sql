ALTER TABLE "triggers" ADD COLUMN "updated_by" uuid;--> statement-breakpoint
ALTER TABLE "triggers" ADD CONSTRAINT "triggers_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Triggers made before this column act for whoever the audit log says created or last changed
-- them, when that person is still in the account; otherwise updated_by stays null (a definition
-- that names a cluster then queues nothing until someone saves the trigger again).
UPDATE "triggers" SET "updated_by" = "last"."actor_user_id"
FROM (
  SELECT DISTINCT ON ("target_id") "target_id", "account_id", "actor_user_id"
  FROM "audit_entries"
  WHERE "action" IN ('trigger.created', 'trigger.updated', 'trigger.secret-rotated')
  ORDER BY "target_id", "at" DESC, "id" DESC
) AS "last"
WHERE "last"."target_id" = "triggers"."id"
  AND "last"."account_id" = "triggers"."account_id"
  AND EXISTS (
    SELECT 1 FROM "users"
    WHERE "users"."id" = "last"."actor_user_id" AND "users"."account_id" = "triggers"."account_id"
  );
