-- Every change to what a user rated or marked moves users.ratings_version (ratings, marks,
-- imports, forget-me). One statement-level trigger tells listening processes that some user's
-- ratings changed, whichever code path wrote them: the worker then refreshes the stale
-- precomputed lists at once instead of at its next tick (src/jobs/worker.ts). The notice
-- carries no payload: the worker re-reads which lists are stale, so a missed or repeated
-- notice costs nothing.
CREATE OR REPLACE FUNCTION "reelmate_ratings_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('reelmate_ratings', '');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "users_ratings_changed" AFTER UPDATE OF "ratings_version" ON "users"
FOR EACH STATEMENT EXECUTE FUNCTION "reelmate_ratings_changed"();
