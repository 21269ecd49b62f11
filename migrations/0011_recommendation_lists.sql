CREATE TABLE "recommendation_lists" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"model_version" integer NOT NULL,
	"ratings_version" integer NOT NULL,
	"items" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "recommendation_lists" ADD CONSTRAINT "recommendation_lists_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recommendation_lists_model_idx" ON "recommendation_lists" USING btree ("model_version");