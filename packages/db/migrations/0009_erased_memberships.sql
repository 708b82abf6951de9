-- Decision 0017: an erased membership is final. Before it, erasure only blanked the name and
-- unlinked the account (user_id became null, which nothing else does), leaving the status as it
-- was, so the row could still take a place or be brought back. Mark those rows erased.
UPDATE "memberships" SET "status" = 'erased', "waitlisted_at" = NULL WHERE "user_id" IS NULL AND "status" <> 'erased';
