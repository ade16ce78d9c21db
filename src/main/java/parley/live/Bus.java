package parley.live;

import java.util.Set;
import parley.store.Message;

/**
 * How stored changes (posts, edits, deletes, reactions) reach the streams of every node. A single node needs no more than a method call
 * ({@link LocalBus}); nodes that share a PostgreSQL use LISTEN/NOTIFY ({@code parley.cluster.PostgresBus}).
 * Either way each node's subscribers get a room's changes in id order, and nothing above the bus knows
 * which one is in use. Who is in which room travels apart, through {@link SharedPresence}.
 */
public interface Bus extends AutoCloseable {

    /** What the bus hands stored messages to on this node: the {@link LiveFeed}. */
    interface Receiver {
        /**
         * A stored change for this node's subscribers of its room, as the message it changed now is; per room,
         * in change order. {@code isNew}: it is a message this node's streams have not been sent yet.
         */
        void changed(Message message, boolean isNew);

        /** These sessions ended (signed out elsewhere, or their account deactivated): their streams end. */
        void sessionsEnded(Set<Long> sessionIds);

        /** What the store knows of the person's room changed (read, joined, left, involvement): their sidebar. */
        void attentionChanged(long accountId, String room);

        /** {@code name} is typing in the room. */
        void typing(String room, String name);

        /** Whether this node needs the room's changes (its streams, or its people's sidebars). */
        boolean follows(String room);

        /** A page of the session went away: its stream of the room ends, wherever it is. */
        void pageLeft(String room, long sessionId, String page);
    }

    /** Begins delivering to {@code receiver}. */
    void start(Receiver receiver);

    /**
     * A change was just stored by this node (called under the room's lock, so in change order per room): a
     * post, or the message as another change left it.
     */
    void published(Message message);

    /**
     * The person's room changed in the store (they read it, joined or left it, or chose how involved to be):
     * every node with a stream of theirs reads it again, this one included.
     */
    void attentionChanged(long accountId, String room);

    /** {@code name} is typing in the room: every node tells its pages of the room, this one included. */
    void typing(String room, String name);

    /** Sessions just ended on this node: every node ends their streams, this one included. */
    void sessionsEnded(Set<Long> sessionIds);

    /**
     * A page said it is going away (a closed tab, another page opened in it): every node ends that page's
     * stream of the room, this one included, so it leaves presence at once wherever the stream is.
     */
    void pageLeft(String room, long sessionId, String page);

    /**
     * A stream of this node was just given the room's messages up to {@code id} (its replay). From here the
     * bus owes this node every message after it, including across a lost connection to the other nodes.
     */
    void following(String room, long id);

    @Override
    void close();
}
