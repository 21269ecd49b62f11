CREATE TABLE "channel_people" (
	"platform" text NOT NULL,
	"channel_key" text NOT NULL,
	"user_id" integer NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_people_platform_channel_key_user_id_pk" PRIMARY KEY("platform","channel_key","user_id")
);
--> statement-breakpoint
ALTER TABLE "movies" ADD COLUMN "poster_path" text;--> statement-breakpoint
ALTER TABLE "movies" ADD COLUMN "tmdb_status" text;--> statement-breakpoint
ALTER TABLE "movies" ADD COLUMN "tmdb_fetched_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "channel_people" ADD CONSTRAINT "channel_people_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "channel_people_user_idx" ON "channel_people" USING btree ("user_id");