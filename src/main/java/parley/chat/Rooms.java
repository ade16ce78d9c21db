package parley.chat;

import java.util.ArrayList;
import java.util.List;
import parley.live.LiveFeed;
import parley.live.Presence;
import parley.store.Message;
import parley.store.MessageStore;
import parley.store.RoomSummary;

/** Reading rooms: their recent history, who is in them, and which rooms there are. */
public final class Rooms {
    private final MessageStore store;
    private final Presence presence;
    private final LiveFeed feed;
    private final int historySize;

    public Rooms(MessageStore store, Presence presence, LiveFeed feed, int historySize) {
        this.store = store;
        this.presence = presence;
        this.feed = feed;
        this.historySize = historySize;
    }

    /** The room's last messages, oldest first, as its page opens with them. */
    public List<Message> recent(String room) {
        return store.recent(Rules.roomName(room), historySize);
    }

    /**
     * The people in the room on any node, and {@code viewer}, sorted: a page shows its own reader at once,
     * before its stream connects and the presence event confirms it.
     */
    public List<String> present(String room, String viewer) {
        List<String> names = new ArrayList<>(presence.names(Rules.roomName(room)));
        if (!names.contains(viewer)) {
            names.add(viewer);
            names.sort(String.CASE_INSENSITIVE_ORDER);
        }
        return names;
    }

    /** Rooms that have messages, most recently active first. */
    public List<RoomSummary> active(int limit) {
        return store.rooms(limit);
    }

    /** How many streams are open on the room on this node. */
    public int online(String room) {
        return feed.online(room);
    }
}
