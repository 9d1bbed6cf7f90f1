-- Email addresses are sealed under each user's data key in UserRegistered. A replay after a user's
-- deletion (a rebuild, a restore) finds their key destroyed and has no address to show; their row
-- is deleted again by UserDeleted right after, but must be writable first.
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
