-- Models stored before model_chunks existed: their single bytea becomes 4 MiB chunks
-- (MODEL_CHUNK_BYTES), in SQL, so no value travels through a client.
INSERT INTO "model_chunks" ("version_id", "seq", "data")
SELECT v."id", g.seq, substring(v."blob" FROM g.seq * 4194304 + 1 FOR 4194304)
FROM "model_versions" v, generate_series(0, greatest(length(v."blob") - 1, 0) / 4194304) AS g(seq)
WHERE v."blob" IS NOT NULL;
--> statement-breakpoint
UPDATE "model_versions" SET "size_bytes" = length("blob"), "blob" = NULL WHERE "blob" IS NOT NULL;
