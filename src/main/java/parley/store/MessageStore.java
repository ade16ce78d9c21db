package parley.store;

import java.time.Instant;
import java.util.List;

/**
 * Where messages live. Implementations must make {@link #append} durable before it returns and hand out
 * ids that increase strictly within a room.
 */
public interface MessageStore {

    Message append(String room, String author, String text, Instant sentAt);

    /** The last {@code limit} messages of the room, oldest first. */
    List<Message> recent(String room, int limit);

    /** Up to {@code limit} messages of the room with an id above {@code afterId}, oldest first. */
    List<Message> after(String room, long afterId, int limit);

    /** The id of the room's newest message, or 0 for a room without messages. */
    long latestId(String room);

    /** Rooms that have messages, most recently active first. */
    List<RoomSummary> rooms(int limit);

    /** True when the store can serve requests right now. */
    boolean isHealthy();
}
