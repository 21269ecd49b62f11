CREATE TABLE "party_messages" (
	"platform" text NOT NULL,
	"channel_key" text NOT NULL,
	"message_key" text NOT NULL,
	"party_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "party_messages_platform_channel_key_message_key_pk" PRIMARY KEY("platform","channel_key","message_key")
);
--> statement-breakpoint
ALTER TABLE "party_messages" ADD CONSTRAINT "party_messages_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "party_messages_party_idx" ON "party_messages" USING btree ("party_id");