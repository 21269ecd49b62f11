ALTER TABLE "api_keys" ADD COLUMN "platform" text;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "user_ids" integer[];