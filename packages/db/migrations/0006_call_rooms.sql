ALTER TABLE "attendance" ADD COLUMN "room_name" text;--> statement-breakpoint
ALTER TABLE "session_entries" ADD COLUMN "token_generation" integer;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "room_generation" integer DEFAULT 0 NOT NULL;