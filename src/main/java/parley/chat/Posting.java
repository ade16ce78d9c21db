package parley.chat;

import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;
import parley.live.Bus;
import parley.store.Message;
import parley.store.MessageStore;

/** Posting a message: validate → store → publish. The one place a post is checked. */
public final class Posting {
    private static final int LOCK_STRIPES = 64;

    private final MessageStore store;
    private final Bus bus;
    private final Clock clock;
    private final int maxTextLength;
    private final ChatMetrics metrics;
    // Store and publish happen under the room's lock, so on a single node every subscriber receives a
    // room's messages in id order (across nodes the database orders them: see the PostgreSQL migration).
    // Stripes instead of a lock per room: an idle room costs nothing.
    private final ReentrantLock[] stripes = new ReentrantLock[LOCK_STRIPES];

    public Posting(MessageStore store, Bus bus, Clock clock, int maxTextLength) {
        this(store, bus, clock, maxTextLength, ChatMetrics.NONE);
    }

    /** @param metrics counts each post by how it ended, with how long it took */
    public Posting(MessageStore store, Bus bus, Clock clock, int maxTextLength, ChatMetrics metrics) {
        this.store = store;
        this.bus = bus;
        this.clock = clock;
        this.maxTextLength = maxTextLength;
        this.metrics = metrics;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /**
     * Stores the message durably, then hands it to the bus, which takes it to every stream of the room on
     * every node. Returns once it is stored: nothing waits for any stream to be written.
     *
     * @param newRooms what the author may still start, asked only when this post would start its room
     * @throws NoSuchRoom        the room's name is not one Parley allows
     * @throws InvalidInput      the text is empty, too long or has characters a message may not have
     * @throws TooSoon           the post would start a room, and the author has started too many lately
     * @throws parley.store.StoreUnavailable nothing was stored
     */
    public Message post(String room, String author, String text, Allowance newRooms) {
        long start = System.nanoTime();
        ChatMetrics.Outcome outcome = ChatMetrics.Outcome.FAILED;
        try {
            Message message = checkStoreAndPublish(room, author, text, newRooms);
            outcome = ChatMetrics.Outcome.STORED;
            return message;
        } catch (NoSuchRoom | InvalidInput | TooSoon e) {
            outcome = ChatMetrics.Outcome.REFUSED;
            throw e;
        } finally {
            metrics.posted(outcome, System.nanoTime() - start);
        }
    }

    private Message checkStoreAndPublish(String room, String author, String text, Allowance newRooms) {
        String roomName = Rules.roomName(room);
        String checked = Rules.messageText(text, maxTextLength);
        // Only a message that would be stored counts as starting its room, so a typo costs nothing.
        if (newRooms.counts() && store.latestId(roomName) == 0) {
            newRooms.take().ifPresent(wait -> {
                throw new TooSoon(wait);
            });
        }
        ReentrantLock lock = stripes[Math.floorMod(roomName.hashCode(), stripes.length)];
        lock.lock();
        try {
            Message message = store.append(roomName, author, checked, clock.instant());
            bus.published(message);
            return message;
        } finally {
            lock.unlock();
        }
    }

    /** The longest text a message may have, in characters (the compose form says so too). */
    public int maxTextLength() {
        return maxTextLength;
    }
}
