CREATE TABLE "hook_deliveries" (
	"trigger_id" uuid NOT NULL,
	"delivery_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hook_deliveries" ADD CONSTRAINT "hook_deliveries_trigger_id_triggers_id_fk" FOREIGN KEY ("trigger_id") REFERENCES "public"."triggers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "hook_deliveries_trigger_delivery_key" ON "hook_deliveries" USING btree ("trigger_id","delivery_id");--> statement-breakpoint
CREATE INDEX "hook_deliveries_received_at_idx" ON "hook_deliveries" USING btree ("received_at");