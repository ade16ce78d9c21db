-- A room's change log (issue 15). Every change to a room (a post, an edit, a delete, a reaction) takes the
-- next id of changes, in the transaction that makes it. A message's id is the change id of its post, and
-- its version the change id of its latest change: a stream that has seen up to change k is sent every
-- message whose version is above k, once, in its latest form. A deleted message keeps its row (without its
-- text) as a tombstone, so a reader who was away is told to remove it.
--
-- Order across nodes: every change first locks its room's row and only then takes its id, so within a room
-- ids are handed out and committed in the same order, and a reader who has seen change k of a room has
-- seen every earlier one.

CREATE TABLE changes (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    room       TEXT   NOT NULL,
    message_id BIGINT, -- the message changed; null for a post: its message has the change's id
    kind       TEXT   NOT NULL CHECK (kind IN ('post', 'edit', 'delete', 'react')),
    changed_at BIGINT NOT NULL
);

-- Every message from before was its own post; the log continues after the newest of them.
INSERT INTO changes (id, room, message_id, kind, changed_at) OVERRIDING SYSTEM VALUE
    SELECT id, room, NULL, 'post', sent_at FROM messages;
SELECT setval(pg_get_serial_sequence('changes', 'id'), COALESCE((SELECT MAX(id) FROM changes), 0) + 1, false);

-- A message's id is now its post's change id, given by the store.
ALTER TABLE messages ALTER COLUMN id DROP IDENTITY;

ALTER TABLE messages ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN edited_at BIGINT;
ALTER TABLE messages ADD COLUMN deleted_at BIGINT;
-- How many reactions the message has, so a read looks them up only for messages that have some.
ALTER TABLE messages ADD COLUMN reaction_count BIGINT NOT NULL DEFAULT 0;
UPDATE messages SET version = id;

CREATE INDEX messages_by_room_version ON messages (room, version);

CREATE TABLE reactions (
    message_id BIGINT NOT NULL REFERENCES messages (id),
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    emoji      TEXT   NOT NULL,
    reacted_at BIGINT NOT NULL,
    PRIMARY KEY (message_id, account_id, emoji)
);

-- The doorbell: every change rings parley_changes with "room id", sent with its commit. Nodes read the
-- changes themselves, after their cursor, in one query per batch of rings.
DROP TRIGGER messages_announce ON messages;
DROP FUNCTION announce_message();

CREATE FUNCTION announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('parley_changes', NEW.room || ' ' || NEW.id);
    RETURN NULL;
END
$$;

CREATE TRIGGER changes_announce AFTER INSERT ON changes FOR EACH ROW EXECUTE FUNCTION announce_change();
