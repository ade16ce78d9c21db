-- Full-text search (issue 16). messages_search is an FTS5 index over messages.text that keeps no copy of
-- the text: it reads it from messages by id (external content), for snippets too. Only messages that are
-- not deleted are in it, and the triggers keep it in step with every post, edit and delete in the same
-- transaction, so a search never finds a message by text it no longer has. A reaction touches neither
-- the text nor deleted_at, so it leaves the index alone.
--
-- The tokenizer is unicode61: letters, digits and private-use characters make words, everything else
-- separates them; case and diacritics are ignored ("Café" is found by "cafe"). The index also keeps every
-- word's first three letters, so the last word of a search, which also matches as a prefix, is one lookup
-- however common it is ("the" as a prefix read every list of a word beginning so: 4 ms at 100,000 messages).

CREATE VIRTUAL TABLE messages_search USING fts5(
    text,
    content = 'messages',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '3'
);

-- Every message already there that is not deleted.
INSERT INTO messages_search (rowid, text) SELECT id, text FROM messages WHERE deleted_at IS NULL;

CREATE TRIGGER messages_search_post AFTER INSERT ON messages WHEN new.deleted_at IS NULL
BEGIN
    INSERT INTO messages_search (rowid, text) VALUES (new.id, new.text);
END;

-- An external-content index forgets a row only when told exactly what it indexed: the old text, and only
-- when the old row was in it (not deleted).
CREATE TRIGGER messages_search_change AFTER UPDATE OF text, deleted_at ON messages
BEGIN
    INSERT INTO messages_search (messages_search, rowid, text) SELECT 'delete', old.id, old.text WHERE old.deleted_at IS NULL;
    INSERT INTO messages_search (rowid, text) SELECT new.id, new.text WHERE new.deleted_at IS NULL;
END;

CREATE TRIGGER messages_search_remove AFTER DELETE ON messages WHEN old.deleted_at IS NULL
BEGIN
    INSERT INTO messages_search (messages_search, rowid, text) VALUES ('delete', old.id, old.text);
END;

-- from:alice, newest first, without reading every message.
CREATE INDEX messages_by_author ON messages (author_id, id);

-- The open rooms, which every search lists (with the viewer's memberships) as the rooms it may read.
CREATE INDEX rooms_by_kind ON rooms (kind, name);
