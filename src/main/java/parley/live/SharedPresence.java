package parley.live;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Who is in each room on the other nodes. A node alone has no others ({@link LocalPresence}); nodes that
 * share a PostgreSQL keep it there ({@code parley.cluster.PostgresPresence}). {@link Presence} decides
 * what a room is shown; this only carries each node's part to the others.
 */
public interface SharedPresence extends AutoCloseable {

    /** Told when the people of a room changed on another node: {@link Presence}. */
    interface Listener {
        void changedElsewhere(String room);
    }

    /** Begins telling {@code listener} of the other nodes' changes. */
    void start(Listener listener);

    /** This node's people in the room are now {@code here}; tells the other nodes. */
    void share(String room, List<String> here);

    /** The people in the room on every node, {@code here} being this node's (unsorted, maybe repeated). */
    List<String> everyone(String room, List<String> here);

    /**
     * The people of each of these rooms on the other nodes (unsorted, maybe repeated), in one read; a room
     * nobody is in elsewhere may be left out.
     */
    Map<String, List<String>> elsewhere(Collection<String> rooms);

    /** Leaves: this node's people leave every room at once, on every node. */
    @Override
    void close();
}
