-- The same tables as on SQLite (times are epoch milliseconds, so the Java side is the same), plus what
-- several nodes sharing the database need: the announcement of every new message, and presence.

CREATE TABLE rooms (
    name           TEXT   PRIMARY KEY,
    created_at     BIGINT NOT NULL,
    last_active_at BIGINT NOT NULL,
    message_count  BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX rooms_by_activity ON rooms (last_active_at DESC);

-- Ids come from one sequence, never reused. A post first upserts its room's row, which locks that row
-- until the post commits, and only then takes its id: within a room, ids are therefore handed out and
-- committed in the same order, so a reader who has seen id k has seen every smaller id of that room.
CREATE TABLE messages (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    room    TEXT   NOT NULL REFERENCES rooms (name),
    author  TEXT   NOT NULL,
    text    TEXT   NOT NULL,
    sent_at BIGINT NOT NULL
);

CREATE INDEX messages_by_room ON messages (room, id);

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Every node LISTENs on parley_messages. The notification is sent by the insert's own transaction, so a
-- message is announced if and only if it is committed, and in commit order; it carries only "room id"
-- (payloads are limited to 8000 bytes): each node reads the message itself.
CREATE FUNCTION announce_message() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('parley_messages', NEW.room || ' ' || NEW.id);
    RETURN NULL;
END
$$;

CREATE TRIGGER messages_announce AFTER INSERT ON messages FOR EACH ROW EXECUTE FUNCTION announce_message();

-- Presence across nodes: each live node keeps a row in nodes fresh, and one row per room it has people in.
-- A node that stops refreshing its row is dead; its rows are ignored, then swept by the others.
CREATE TABLE nodes (
    id      TEXT        PRIMARY KEY,
    seen_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE presence (
    node  TEXT   NOT NULL,
    room  TEXT   NOT NULL,
    names TEXT[] NOT NULL,
    PRIMARY KEY (node, room)
);

CREATE INDEX presence_by_room ON presence (room);
