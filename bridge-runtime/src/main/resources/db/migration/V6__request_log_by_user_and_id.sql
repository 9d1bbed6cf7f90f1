-- A person's call log is read newest first, page by page on the id, and followed live by id.
CREATE INDEX request_log_user_id ON request_log (user_id, id);
