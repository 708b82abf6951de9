-- What anyone may read of the schedule (what's on, the directory) is kept in memory on each API
-- node. Every committed change to what those answers are made of says so on one channel, so
-- every node drops its copy within moments, whoever made the change: this node, another node,
-- the hourly materialiser or someone at a psql prompt. NOTIFY is sent at commit and identical
-- notices in one transaction are folded into one.
CREATE FUNCTION notify_listing_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('listing_changed', '');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER providers_listing_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON providers
  FOR EACH STATEMENT EXECUTE FUNCTION notify_listing_changed();
--> statement-breakpoint
CREATE TRIGGER groups_listing_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON groups
  FOR EACH STATEMENT EXECUTE FUNCTION notify_listing_changed();
--> statement-breakpoint
CREATE TRIGGER series_listing_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON series
  FOR EACH STATEMENT EXECUTE FUNCTION notify_listing_changed();
--> statement-breakpoint
CREATE TRIGGER series_exceptions_listing_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON series_exceptions
  FOR EACH STATEMENT EXECUTE FUNCTION notify_listing_changed();
--> statement-breakpoint
-- A call's own bookkeeping (locked, pinned, opened, ended, room generation, places) changes
-- often and shows in neither answer, so only the columns they show are watched.
CREATE TRIGGER sessions_listing_changed
  AFTER INSERT OR DELETE OR UPDATE OF group_id, series_id, title, starts_at, ends_at, mode, cancelled OR TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION notify_listing_changed();
