-- A post's idempotency key, kept for a day: a repeat of the post with the same key (a double click, a
-- proxy's resend to another node, a retry after a lost answer) returns the first answer and stores nothing.
-- The key's row is written in the same transaction as its message, so a key is recorded if and only if its
-- message is stored, and the primary key lets only one of two simultaneous posts with one key claim it.
-- scope: whose key it is (the poster's session today); fingerprint: what was posted (room and text), to
-- tell a repeat from another message sent with a reused key. message_id is null only inside the claiming
-- transaction, which writes the key first and the message after it. No reference to messages: what a key
-- answered stays answered even if the message is later removed.
CREATE TABLE idempotency_keys (
    scope           TEXT    NOT NULL,
    idempotency_key TEXT    NOT NULL,
    fingerprint     TEXT    NOT NULL,
    message_id      BIGINT,
    created_at      BIGINT  NOT NULL,
    PRIMARY KEY (scope, idempotency_key)
);

-- For the hourly sweep of keys older than a day.
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
