-- Accounts, database sessions, room kinds and memberships (issue 14). A database from before keeps every
-- message: old messages keep the nickname they were posted under as their author (author_id stays null),
-- every old room becomes an open room, and nobody is a member of anything until they open a room.

-- name is shown as typed; name_key is its confusable skeleton (UTS #39, case-folded), so "alice", "Alice"
-- and "аlice" with a Cyrillic а are one name. password_hash is an Argon2id hash in PHC format.
CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT    NOT NULL,
    name_key      TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'member')),
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL
);

-- A signed-in browser. The cookie holds a random token; only its SHA-256 is kept, so a copy of the database
-- signs nobody in. id is the handle /account shows and ends sessions by. An ended session's row is deleted.
CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash   TEXT    NOT NULL UNIQUE,
    account_id   INTEGER NOT NULL REFERENCES accounts (id),
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    user_agent   TEXT    NOT NULL
);

CREATE INDEX sessions_by_account ON sessions (account_id);

-- open: listed for everyone; private: members only; direct: a fixed set of people, found by direct_key
-- (their account ids, sorted), so the same people always land in the same room.
ALTER TABLE rooms ADD COLUMN kind TEXT NOT NULL DEFAULT 'open' CHECK (kind IN ('open', 'private', 'direct'));
ALTER TABLE rooms ADD COLUMN direct_key TEXT;
CREATE UNIQUE INDEX rooms_by_direct_key ON rooms (direct_key);

CREATE TABLE memberships (
    room       TEXT    NOT NULL REFERENCES rooms (name),
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    joined_at  INTEGER NOT NULL,
    PRIMARY KEY (room, account_id)
);

CREATE INDEX memberships_by_account ON memberships (account_id, room);

-- Who posted, for messages posted with an account; null for the nickname messages from before accounts.
ALTER TABLE messages ADD COLUMN author_id INTEGER REFERENCES accounts (id);

-- Cookies were signed with this key before sessions were rows; nothing uses it now.
DELETE FROM settings WHERE name = 'session_secret';
