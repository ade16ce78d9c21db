package parley.chat;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import parley.live.Bus;
import parley.store.MessageStore;
import parley.store.RoomSummary;

/** The chat's use cases: post a message (validate → store → publish) and read a room's history. */
public final class ChatService {
    private static final int LOCK_STRIPES = 64;

    private final MessageStore store;
    private final Bus bus;
    private final Clock clock;
    private final int historySize;
    private final int maxTextLength;
    // Store and publish happen under the room's lock, so on a single node every subscriber receives a
    // room's messages in id order (across nodes the database orders them: see the PostgreSQL migration).
    // Stripes instead of a lock per room: an idle room costs nothing.
    private final ReentrantLock[] stripes = new ReentrantLock[LOCK_STRIPES];

    public ChatService(MessageStore store, Bus bus, Clock clock, int historySize, int maxTextLength) {
        this.store = store;
        this.bus = bus;
        this.clock = clock;
        this.historySize = historySize;
        this.maxTextLength = maxTextLength;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    public Message post(String room, String author, String rawText) {
        String roomName = Rules.roomName(room);
        String text = checkText(rawText);
        ReentrantLock lock = stripes[Math.floorMod(roomName.hashCode(), stripes.length)];
        lock.lock();
        try {
            Message message = store.append(roomName, author, text, clock.instant());
            bus.published(message);
            return message;
        } finally {
            lock.unlock();
        }
    }

    /** The text as it would be stored; throws {@link InvalidInput} with what is wrong with it. */
    public String checkText(String rawText) {
        return Rules.messageText(rawText, maxTextLength);
    }

    public int maxTextLength() {
        return maxTextLength;
    }

    /** Whether anyone has posted in the room yet: the first post creates it. */
    public boolean roomExists(String room) {
        return store.latestId(Rules.roomName(room)) > 0;
    }

    public List<Message> recent(String room) {
        return store.recent(Rules.roomName(room), historySize);
    }

    /**
     * Resume from {@code lastEventId} when it is a known id and no more than a history's worth of messages
     * were missed; otherwise start over with the recent history.
     */
    public Replay replay(String room, String lastEventId) {
        Replay replay = replayFrom(room, lastEventId);
        bus.following(room, replay.latestId());
        return replay;
    }

    private Replay replayFrom(String room, String lastEventId) {
        Long known = parseId(lastEventId);
        if (known != null && known <= store.latestId(room)) {
            List<Message> missed = store.after(room, known, historySize + 1);
            if (missed.size() <= historySize) {
                return new Replay(false, missed.isEmpty() ? known : missed.getLast().id(), missed);
            }
        }
        List<Message> recent = store.recent(room, historySize);
        return new Replay(true, recent.isEmpty() ? 0 : recent.getLast().id(), recent);
    }

    public List<RoomSummary> rooms(int limit) {
        return store.rooms(limit);
    }

    private static Long parseId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(value.strip());
            return id >= 0 ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
