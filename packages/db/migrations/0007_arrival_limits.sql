ALTER TABLE "groups" ADD COLUMN "guest_limit" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "session_entries" ADD COLUMN "client_key" text;--> statement-breakpoint
CREATE INDEX "session_entries_client_idx" ON "session_entries" USING btree ("session_id","client_key");