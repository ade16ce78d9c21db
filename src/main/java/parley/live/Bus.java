package parley.live;

import java.util.List;
import parley.chat.Message;

/**
 * How stored messages and presence reach the streams of every node. A single node needs no more than a
 * method call ({@link LocalBus}); nodes that share a PostgreSQL use LISTEN/NOTIFY ({@link PostgresBus}).
 * Either way each node's subscribers get a room's messages in id order, and nothing above the bus knows
 * which one is in use.
 */
public interface Bus extends AutoCloseable {

    /** What the bus hands to this node. */
    interface Receiver {
        /** A stored message for this node's subscribers of its room; per room, in id order. */
        void message(Message message);

        /** The people in the room changed somewhere else: this node should show the room's presence again. */
        void presenceChanged(String room);
    }

    /** Begins delivering to {@code receiver}. */
    void start(Receiver receiver);

    /** A message was just stored by this node (called under the room's lock, so in id order per room). */
    void published(Message message);

    /**
     * A stream of this node was just given the room's messages up to {@code id} (its replay). From here the
     * bus owes this node every message after it, including across a lost connection to the other nodes.
     */
    void following(String room, long id);

    /** This node's people in the room are now {@code here}; tells the other nodes. */
    void share(String room, List<String> here);

    /** The people in the room on every node, {@code here} being this node's (unsorted, maybe repeated). */
    List<String> everyone(String room, List<String> here);

    @Override
    void close();
}
