-- Full-text search (issue 16). search_vector holds each message's words, kept by PostgreSQL itself from its
-- text: a post, an edit and a delete (which empties the text) change it in their own transaction, and adding
-- the column fills it for every message already there. The GIN index finds the messages that hold a word;
-- only those not deleted are in it, as only those are ever searched for.
--
-- The 'simple' configuration lower-cases words and keeps every one (no stemming, no stop words), as the
-- SQLite index does: a word is found as it was written, whatever its language.

ALTER TABLE messages ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED;

CREATE INDEX messages_search ON messages USING GIN (search_vector) WHERE deleted_at IS NULL;

-- from:alice, newest first, without reading every message.
CREATE INDEX messages_by_author ON messages (author_id, id);

-- The open rooms, which every search lists (with the viewer's memberships) as the rooms it may read.
CREATE INDEX rooms_by_kind ON rooms (kind, name);

-- The planner chooses between the word index and the newest messages by how common the words are: it needs
-- the new column's statistics now, not at autovacuum's next analyze (without them, a search for the commonest
-- word took a second at 100,000 messages).
ANALYZE messages;
ANALYZE rooms;
