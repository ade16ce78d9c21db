-- A room's change log (issue 15). Every change to a room (a post, an edit, a delete, a reaction) takes the
-- next id of changes, in the transaction that makes it. A message's id is the change id of its post, and
-- its version the change id of its latest change: a stream that has seen up to change k is sent every
-- message whose version is above k, once, in its latest form. A deleted message keeps its row (without its
-- text) as a tombstone, so a reader who was away is told to remove it.

CREATE TABLE changes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    room       TEXT    NOT NULL,
    message_id INTEGER, -- the message changed; null for a post: its message has the change's id
    kind       TEXT    NOT NULL CHECK (kind IN ('post', 'edit', 'delete', 'react')),
    changed_at INTEGER NOT NULL
);

-- Every message from before was its own post; the log continues after the newest of them.
INSERT INTO changes (id, room, message_id, kind, changed_at) SELECT id, room, NULL, 'post', sent_at FROM messages;

ALTER TABLE messages ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN edited_at INTEGER;
ALTER TABLE messages ADD COLUMN deleted_at INTEGER;
-- How many reactions the message has, so a read looks them up only for messages that have some.
ALTER TABLE messages ADD COLUMN reaction_count INTEGER NOT NULL DEFAULT 0;
UPDATE messages SET version = id;

CREATE INDEX messages_by_room_version ON messages (room, version);

CREATE TABLE reactions (
    message_id INTEGER NOT NULL REFERENCES messages (id),
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    emoji      TEXT    NOT NULL,
    reacted_at INTEGER NOT NULL,
    PRIMARY KEY (message_id, account_id, emoji)
);
