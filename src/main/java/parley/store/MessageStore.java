package parley.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where messages live. Implementations must make {@link #append} durable before it returns and hand out
 * ids that increase strictly within a room.
 */
public interface MessageStore {

    Message append(String room, Author author, String text, Instant sentAt);

    /** A message by a nickname, as before accounts (kept for the tests of the store itself). */
    default Message append(String room, String nickname, String text, Instant sentAt) {
        return append(room, Author.nickname(nickname), text, sentAt);
    }

    /**
     * Stores the message and records {@code key} with it, in one transaction, unless the key was recorded at
     * {@code keptSince} or later: then it stores nothing and returns what the key answered. Of several appends
     * with one key at once (on any node), exactly one stores; the others wait for it and get its answer. A key
     * recorded before {@code keptSince} has expired and is claimed again as new.
     */
    Appended append(String room, Author author, String text, Instant sentAt, PostKey key, Instant keptSince);

    /** A keyed message by a nickname, as before accounts (kept for the tests of the store itself). */
    default Appended append(String room, String nickname, String text, Instant sentAt, PostKey key, Instant keptSince) {
        return append(room, Author.nickname(nickname), text, sentAt, key, keptSince);
    }

    /** What {@code key} of {@code scope} answered, if it was recorded at {@code keptSince} or later. */
    Optional<Appended.Earlier> earlier(String scope, String key, Instant keptSince);

    /** Forgets the keys recorded before {@code before}; returns how many. */
    int forgetKeys(Instant before);

    /** The last {@code limit} messages of the room, oldest first. */
    List<Message> recent(String room, int limit);

    /** Up to {@code limit} messages of the room with an id above {@code afterId}, oldest first. */
    List<Message> after(String room, long afterId, int limit);

    /**
     * Up to {@code limit} messages of the room with an id below {@code beforeId}, the newest of them, oldest
     * first: the page of history just above a message. An id need not be one of the room's: it is a position.
     */
    List<Message> before(String room, long beforeId, int limit);

    /**
     * The room's message {@code id} with up to {@code context} messages before it and up to {@code context}
     * after it, oldest first; empty when the room has no message with that id (unknown, or another room's).
     */
    List<Message> around(String room, long id, int context);

    /** The id of the room's newest message, or 0 for a room without messages. */
    long latestId(String room);

    /** Open rooms that have messages, most recently active first. */
    List<RoomSummary> rooms(int limit);

    /**
     * Why the store cannot serve right now, in words anyone may read (no path, no driver message): that it
     * does not answer, or why it refuses writes ("the disk holding the messages is full"); empty when it can.
     */
    Optional<String> problem();
}
