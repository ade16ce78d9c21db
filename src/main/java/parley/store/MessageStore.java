package parley.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where messages live, with each room's change log. Every change (a post, an edit, a delete, a reaction) is
 * durable before the method making it returns, and takes the room's next change id: ids increase strictly
 * within a room, in commit order. A message's id is its post's change id; its version, its latest change's.
 */
public interface MessageStore {

    /**
     * Stores a post. {@code mentionKeys} are the name keys its text may mention ({@code chat.Mentions}): the
     * room's members among them are stored as its mentions, in the same transaction.
     */
    Message append(String room, Author author, String text, Instant sentAt, Set<String> mentionKeys);

    default Message append(String room, Author author, String text, Instant sentAt) {
        return append(room, author, text, sentAt, Set.of());
    }

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
    Appended append(String room, Author author, String text, Instant sentAt, Set<String> mentionKeys, PostKey key,
                    Instant keptSince);

    default Appended append(String room, Author author, String text, Instant sentAt, PostKey key, Instant keptSince) {
        return append(room, author, text, sentAt, Set.of(), key, keptSince);
    }

    /** A keyed message by a nickname, as before accounts (kept for the tests of the store itself). */
    default Appended append(String room, String nickname, String text, Instant sentAt, PostKey key, Instant keptSince) {
        return append(room, Author.nickname(nickname), text, sentAt, key, keptSince);
    }

    /**
     * Stores the posts in one transaction, in order, each as {@code append} would (a key recorded by an earlier post
     * of the same call answers a later one with it): what each did, in their order. All are stored, or, when it
     * throws, none: one commit for several posts is what lets a busy room store more of them a second.
     */
    List<Appended> appendAll(List<NewPost> posts);

    /** What {@code key} of {@code scope} answered, if it was recorded at {@code keptSince} or later. */
    Optional<Appended.Earlier> earlier(String scope, String key, Instant keptSince);

    /** Forgets the keys recorded before {@code before}; returns how many. */
    int forgetKeys(Instant before);

    /** The last {@code limit} messages of the room, oldest first. */
    List<Message> recent(String room, int limit);

    /** Up to {@code limit} messages of the room with an id above {@code afterId}, oldest first (not deleted ones, nor below). */
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

    /**
     * Replaces the text of the room's message {@code id}, as the next change; the message as it is now, or
     * empty (nothing changed) when the room has no such message or it is deleted.
     */
    Optional<Message> edit(String room, long id, String text, Instant at, Set<String> mentionKeys);

    default Optional<Message> edit(String room, long id, String text, Instant at) {
        return edit(room, id, text, at, Set.of());
    }

    /** Deletes the room's message {@code id}: its text and reactions go, a tombstone stays. Empty as {@link #edit}. */
    Optional<Message> delete(String room, long id, Instant at);

    /** Adds account {@code accountId}'s {@code emoji} to the message, or takes it away if it is there. Empty as {@link #edit}. */
    Optional<Message> react(String room, long id, long accountId, String emoji, Instant at);

    /** The room's message {@code id}, deleted or not; empty when the room has none with that id. */
    Optional<Message> message(String room, long id);

    /**
     * Up to {@code limit} messages of the room changed after change {@code afterChange}, in their latest form,
     * in the order of their latest change (deleted ones too, as tombstones): what a stream that has seen up to
     * {@code afterChange} is owed.
     */
    List<Message> changedAfter(String room, long afterChange, int limit);

    /**
     * {@link #changedAfter(String, long, int)} for several rooms in one read, each after its own cursor (room →
     * change id); ordered by room, then change. Up to {@code limit} in all: when that many come back, read again.
     */
    List<Message> changedAfter(Map<String, Long> cursors, int limit);

    /** The id of the room's latest change, or 0 for a room without messages. */
    long latestId(String room);

    /** Open rooms that have messages, most recently active first. */
    List<RoomSummary> rooms(int limit);

    /**
     * Why the store cannot serve right now, in words anyone may read (no path, no driver message): that it
     * does not answer, or why it refuses writes ("the disk holding the messages is full"); empty when it can.
     */
    Optional<String> problem();
}
