CREATE TABLE "movies" (
	"id" integer PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"display_title" text NOT NULL,
	"year" smallint,
	"genres" text[] NOT NULL,
	"imdb_id" text,
	"tmdb_id" integer,
	"overview" text,
	"directors" text[],
	"cast_names" text[],
	"keywords" text[],
	"runtime" smallint,
	"original_language" text,
	"release_date" date,
	"tmdb_vote_average" real,
	"tmdb_vote_count" integer,
	"tmdb_popularity" real
);
--> statement-breakpoint
CREATE TABLE "movie_tags" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"movie_id" integer NOT NULL,
	"tag" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"external_id" text NOT NULL,
	"display_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ratings_version" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ratings" (
	"user_id" integer NOT NULL,
	"movie_id" integer NOT NULL,
	"rating" real NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ratings_user_id_movie_id_pk" PRIMARY KEY("user_id","movie_id"),
	CONSTRAINT "ratings_half_star_ck" CHECK ("ratings"."rating" >= 0.5 AND "ratings"."rating" <= 5 AND "ratings"."rating" * 2 = round("ratings"."rating" * 2))
);
--> statement-breakpoint
CREATE TABLE "rating_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"movie_id" integer NOT NULL,
	"kind" text NOT NULL,
	"rating" real,
	"previous_rating" real,
	"source" text NOT NULL,
	"request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rating_events_kind_ck" CHECK ("rating_events"."kind" IN ('rate', 'change', 'remove'))
);
--> statement-breakpoint
CREATE TABLE "marks" (
	"user_id" integer NOT NULL,
	"movie_id" integer NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "marks_user_id_movie_id_kind_pk" PRIMARY KEY("user_id","movie_id","kind"),
	CONSTRAINT "marks_kind_ck" CHECK ("marks"."kind" IN ('seen', 'not_interested'))
);
--> statement-breakpoint
CREATE TABLE "watchlist" (
	"user_id" integer NOT NULL,
	"movie_id" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "watchlist_user_id_movie_id_pk" PRIMARY KEY("user_id","movie_id")
);
--> statement-breakpoint
CREATE TABLE "model_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"algorithm" text NOT NULL,
	"params" jsonb NOT NULL,
	"metrics" jsonb NOT NULL,
	"blob" "bytea" NOT NULL,
	"ratings_count" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT false NOT NULL,
	"trained_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"platform" text NOT NULL,
	"user_key" text NOT NULL,
	"channel_key" text NOT NULL,
	"state" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "conversations_platform_user_key_channel_key_pk" PRIMARY KEY("platform","user_key","channel_key")
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"platform" text NOT NULL,
	"scope_id" text NOT NULL,
	"values" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "settings_platform_scope_id_pk" PRIMARY KEY("platform","scope_id")
);
--> statement-breakpoint
CREATE TABLE "processed_events" (
	"key" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "slack_installations" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text,
	"enterprise_id" text,
	"installation" jsonb NOT NULL,
	"installed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "parties" (
	"id" serial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"channel_key" text NOT NULL,
	"host_user_id" integer NOT NULL,
	"status" text NOT NULL,
	"constraints_text" text DEFAULT '' NOT NULL,
	"strategy" text DEFAULT 'average_without_misery' NOT NULL,
	"voting_mode" text DEFAULT 'approval' NOT NULL,
	"settings" jsonb NOT NULL,
	"winner_movie_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "party_members" (
	"party_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "party_members_party_id_user_id_pk" PRIMARY KEY("party_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "party_candidates" (
	"party_id" integer NOT NULL,
	"movie_id" integer NOT NULL,
	"rank" smallint NOT NULL,
	"group_score" real NOT NULL,
	"member_predictions" jsonb NOT NULL,
	CONSTRAINT "party_candidates_party_id_movie_id_pk" PRIMARY KEY("party_id","movie_id")
);
--> statement-breakpoint
CREATE TABLE "party_votes" (
	"party_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"movie_id" integer NOT NULL,
	"weight" smallint DEFAULT 1 NOT NULL,
	"voted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "party_votes_party_id_user_id_movie_id_pk" PRIMARY KEY("party_id","user_id","movie_id")
);
--> statement-breakpoint
ALTER TABLE "movie_tags" ADD CONSTRAINT "movie_tags_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "movie_tags" ADD CONSTRAINT "movie_tags_movie_id_movies_id_fk" FOREIGN KEY ("movie_id") REFERENCES "public"."movies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_movie_id_movies_id_fk" FOREIGN KEY ("movie_id") REFERENCES "public"."movies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marks" ADD CONSTRAINT "marks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marks" ADD CONSTRAINT "marks_movie_id_movies_id_fk" FOREIGN KEY ("movie_id") REFERENCES "public"."movies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watchlist" ADD CONSTRAINT "watchlist_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watchlist" ADD CONSTRAINT "watchlist_movie_id_movies_id_fk" FOREIGN KEY ("movie_id") REFERENCES "public"."movies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parties" ADD CONSTRAINT "parties_host_user_id_users_id_fk" FOREIGN KEY ("host_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_members" ADD CONSTRAINT "party_members_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_members" ADD CONSTRAINT "party_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_candidates" ADD CONSTRAINT "party_candidates_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_votes" ADD CONSTRAINT "party_votes_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_votes" ADD CONSTRAINT "party_votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "movies_year_idx" ON "movies" USING btree ("year");--> statement-breakpoint
CREATE INDEX "movies_tmdb_idx" ON "movies" USING btree ("tmdb_id");--> statement-breakpoint
CREATE UNIQUE INDEX "movie_tags_user_movie_tag_uq" ON "movie_tags" USING btree ("user_id","movie_id","tag");--> statement-breakpoint
CREATE INDEX "movie_tags_movie_idx" ON "movie_tags" USING btree ("movie_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_platform_external_uq" ON "users" USING btree ("platform","external_id");--> statement-breakpoint
CREATE INDEX "ratings_movie_idx" ON "ratings" USING btree ("movie_id");--> statement-breakpoint
CREATE INDEX "rating_events_user_idx" ON "rating_events" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "rating_events_request_idx" ON "rating_events" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "marks_movie_idx" ON "marks" USING btree ("movie_id");--> statement-breakpoint
CREATE INDEX "model_versions_active_idx" ON "model_versions" USING btree ("active","trained_at");--> statement-breakpoint
CREATE INDEX "conversations_expires_idx" ON "conversations" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "processed_events_created_idx" ON "processed_events" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_uq" ON "api_keys" USING btree ("hash");--> statement-breakpoint
CREATE UNIQUE INDEX "parties_one_open_per_channel_uq" ON "parties" USING btree ("platform","channel_key") WHERE "parties"."status" IN ('open', 'voting');--> statement-breakpoint
CREATE INDEX "parties_channel_idx" ON "parties" USING btree ("platform","channel_key","created_at");