CREATE TABLE "experiments" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"mode" text NOT NULL,
	"variants" jsonb NOT NULL,
	"description" text,
	"starts_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stopped_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "experiments_name_unique" UNIQUE("name"),
	CONSTRAINT "experiments_mode_ck" CHECK ("experiments"."mode" IN ('ab', 'interleave'))
);
--> statement-breakpoint
CREATE TABLE "engagements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"movie_id" integer NOT NULL,
	"action" text NOT NULL,
	"stars" real,
	"impression_id" bigint,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "engagements_action_ck" CHECK ("engagements"."action" IN ('rate', 'seen', 'dismiss', 'watchlist', 'more_like', 'why'))
);
--> statement-breakpoint
CREATE TABLE "impressions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"movie_id" integer NOT NULL,
	"surface" text NOT NULL,
	"kind" text NOT NULL,
	"position" smallint NOT NULL,
	"model_version" integer,
	"experiment_id" integer,
	"variant" text,
	"shown_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_impression_id_impressions_id_fk" FOREIGN KEY ("impression_id") REFERENCES "public"."impressions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "engagements_user_movie_idx" ON "engagements" USING btree ("user_id","movie_id","at");--> statement-breakpoint
CREATE INDEX "engagements_impression_idx" ON "engagements" USING btree ("impression_id");--> statement-breakpoint
CREATE INDEX "engagements_at_idx" ON "engagements" USING btree ("at");--> statement-breakpoint
CREATE INDEX "impressions_user_movie_idx" ON "impressions" USING btree ("user_id","movie_id","shown_at");--> statement-breakpoint
CREATE INDEX "impressions_shown_idx" ON "impressions" USING btree ("shown_at");