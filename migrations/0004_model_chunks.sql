CREATE TABLE "model_chunks" (
	"version_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "model_chunks_version_id_seq_pk" PRIMARY KEY("version_id","seq")
);
--> statement-breakpoint
ALTER TABLE "model_versions" ALTER COLUMN "blob" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "size_bytes" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "model_chunks" ADD CONSTRAINT "model_chunks_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;