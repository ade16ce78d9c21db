CREATE TABLE rooms (
    name           TEXT    PRIMARY KEY,
    created_at     INTEGER NOT NULL,
    last_active_at INTEGER NOT NULL,
    message_count  INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX rooms_by_activity ON rooms (last_active_at DESC);

-- AUTOINCREMENT: ids are never reused, even after the newest message is deleted,
-- so a Last-Event-ID can never point at a different message.
CREATE TABLE messages (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    room    TEXT    NOT NULL REFERENCES rooms (name),
    author  TEXT    NOT NULL,
    text    TEXT    NOT NULL,
    sent_at INTEGER NOT NULL
);

CREATE INDEX messages_by_room ON messages (room, id);

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
