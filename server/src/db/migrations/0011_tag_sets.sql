CREATE TABLE "tag_set_counts" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"sets" integer NOT NULL,
	"last_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tag_sets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tag_sets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"account_id" uuid NOT NULL,
	"resource_type" text NOT NULL,
	"tags" text[] NOT NULL,
	CONSTRAINT "tag_sets_resource_type_check" CHECK ("tag_sets"."resource_type" in ('cluster', 'pipeline'))
);
--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "tag_set_id" integer;--> statement-breakpoint
ALTER TABLE "pipelines" ADD COLUMN "tag_set_id" integer;--> statement-breakpoint
ALTER TABLE "tag_set_counts" ADD CONSTRAINT "tag_set_counts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tag_sets" ADD CONSTRAINT "tag_sets_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tag_sets_account_type_tags_key" ON "tag_sets" USING btree ("account_id","resource_type","tags");--> statement-breakpoint
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_tag_set_id_tag_sets_id_fk" FOREIGN KEY ("tag_set_id") REFERENCES "public"."tag_sets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipelines" ADD CONSTRAINT "pipelines_tag_set_id_tag_sets_id_fk" FOREIGN KEY ("tag_set_id") REFERENCES "public"."tag_sets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clusters_account_tag_set_idx" ON "clusters" USING btree ("account_id","tag_set_id");--> statement-breakpoint
CREATE INDEX "pipelines_account_project_idx" ON "pipelines" USING btree ("account_id",lower("project"),lower("name"));--> statement-breakpoint
CREATE INDEX "pipelines_account_updated_idx" ON "pipelines" USING btree ("account_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "pipelines_account_tag_set_idx" ON "pipelines" USING btree ("account_id","tag_set_id");--> statement-breakpoint
INSERT INTO "tag_sets" ("account_id", "resource_type", "tags")
  SELECT DISTINCT "account_id", 'pipeline', "tags" FROM "pipelines"
  UNION ALL SELECT DISTINCT "account_id", 'cluster', "tags" FROM "clusters"
  ORDER BY 1, 2, 3;--> statement-breakpoint
INSERT INTO "tag_set_counts" ("account_id", "sets", "last_id")
  SELECT "account_id", count(*), max("id") FROM "tag_sets" GROUP BY "account_id";--> statement-breakpoint
UPDATE "pipelines" SET "tag_set_id" = "tag_sets"."id" FROM "tag_sets"
  WHERE "tag_sets"."account_id" = "pipelines"."account_id"
    AND "tag_sets"."resource_type" = 'pipeline' AND "tag_sets"."tags" = "pipelines"."tags";--> statement-breakpoint
UPDATE "clusters" SET "tag_set_id" = "tag_sets"."id" FROM "tag_sets"
  WHERE "tag_sets"."account_id" = "clusters"."account_id"
    AND "tag_sets"."resource_type" = 'cluster' AND "tag_sets"."tags" = "clusters"."tags";--> statement-breakpoint
-- A resource's tag set (of its kind, the trigger's argument), found or added, on every insert and
-- every change of its tags: the only writer of `tag_sets`, `tag_set_counts` and `tag_set_id`,
-- whatever statement saved the row. A concurrent transaction adding the same set makes the insert
-- wait, then do nothing; the set is then read. The count's row lock orders the transactions that
-- add sets to one account, so its numbers are always those of the committed sets.
CREATE FUNCTION "tag_set_of"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT "id" INTO NEW."tag_set_id" FROM "tag_sets"
    WHERE "account_id" = NEW."account_id" AND "resource_type" = TG_ARGV[0] AND "tags" = NEW."tags";
  IF NEW."tag_set_id" IS NULL THEN
    INSERT INTO "tag_sets" ("account_id", "resource_type", "tags")
      VALUES (NEW."account_id", TG_ARGV[0], NEW."tags")
      ON CONFLICT ("account_id", "resource_type", "tags") DO NOTHING
      RETURNING "id" INTO NEW."tag_set_id";
    IF NEW."tag_set_id" IS NOT NULL THEN
      INSERT INTO "tag_set_counts" ("account_id", "sets", "last_id")
        VALUES (NEW."account_id", 1, NEW."tag_set_id")
        ON CONFLICT ("account_id") DO UPDATE
          SET "sets" = "tag_set_counts"."sets" + 1,
              "last_id" = greatest("tag_set_counts"."last_id", excluded."last_id");
    END IF;
  END IF;
  IF NEW."tag_set_id" IS NULL THEN
    SELECT "id" INTO STRICT NEW."tag_set_id" FROM "tag_sets"
      WHERE "account_id" = NEW."account_id" AND "resource_type" = TG_ARGV[0] AND "tags" = NEW."tags";
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "pipelines_tag_set" BEFORE INSERT OR UPDATE OF "account_id", "tags", "tag_set_id"
  ON "pipelines" FOR EACH ROW EXECUTE FUNCTION "tag_set_of"('pipeline');--> statement-breakpoint
CREATE TRIGGER "clusters_tag_set" BEFORE INSERT OR UPDATE OF "account_id", "tags", "tag_set_id"
  ON "clusters" FOR EACH ROW EXECUTE FUNCTION "tag_set_of"('cluster');
