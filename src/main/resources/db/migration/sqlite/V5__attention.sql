-- Attention (issue 16): how far each member has read a room, how involved they chose to be in it, and who
-- each message mentions.
--
-- read_up_to is a change id of the room: the member has seen every message posted up to it. A member who
-- joined before this migration has read everything there is, so the upgrade shows nobody a flood of old
-- messages as unread.
ALTER TABLE memberships ADD COLUMN read_up_to INTEGER NOT NULL DEFAULT 0;
-- involvement: what the member is told of. Everything in a direct room; only mentions elsewhere, unless they
-- choose otherwise (or nothing: muted).
ALTER TABLE memberships ADD COLUMN involvement TEXT NOT NULL DEFAULT 'mentions'
    CHECK (involvement IN ('everything', 'mentions', 'nothing'));
UPDATE memberships SET involvement = 'everything' WHERE room IN (SELECT name FROM rooms WHERE kind = 'direct');
UPDATE memberships SET read_up_to = COALESCE((SELECT MAX(id) FROM messages WHERE messages.room = memberships.room), 0);

-- A mention is of a member of the message's room, by account; an edit replaces its message's mentions.
CREATE TABLE mentions (
    message_id INTEGER NOT NULL REFERENCES messages (id),
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    PRIMARY KEY (message_id, account_id)
);

-- How many people the message mentions, so a read looks them up only for messages that mention someone.
ALTER TABLE messages ADD COLUMN mention_count INTEGER NOT NULL DEFAULT 0;

-- A person's mentions in a room after where they read: by account, then message (ids grow with time).
CREATE INDEX mentions_by_account ON mentions (account_id, message_id);
