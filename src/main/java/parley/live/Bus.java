package parley.live;

import java.util.Set;
import parley.store.Message;

/**
 * How stored messages reach the streams of every node. A single node needs no more than a method call
 * ({@link LocalBus}); nodes that share a PostgreSQL use LISTEN/NOTIFY ({@code parley.cluster.PostgresBus}).
 * Either way each node's subscribers get a room's messages in id order, and nothing above the bus knows
 * which one is in use. Who is in which room travels apart, through {@link SharedPresence}.
 */
public interface Bus extends AutoCloseable {

    /** What the bus hands stored messages to on this node: the {@link LiveFeed}. */
    interface Receiver {
        /** A stored message for this node's subscribers of its room; per room, in id order. */
        void message(Message message);

        /** These sessions ended (signed out elsewhere, or their account deactivated): their streams end. */
        void sessionsEnded(Set<Long> sessionIds);
    }

    /** Begins delivering to {@code receiver}. */
    void start(Receiver receiver);

    /** A message was just stored by this node (called under the room's lock, so in id order per room). */
    void published(Message message);

    /** Sessions just ended on this node: every node ends their streams, this one included. */
    void sessionsEnded(Set<Long> sessionIds);

    /**
     * A stream of this node was just given the room's messages up to {@code id} (its replay). From here the
     * bus owes this node every message after it, including across a lost connection to the other nodes.
     */
    void following(String room, long id);

    @Override
    void close();
}
