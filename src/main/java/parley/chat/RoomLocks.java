package parley.chat;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A lock per room, held while a change is stored and published, so on a single node every subscriber receives
 * a room's changes in change order (across nodes the database orders them: see the PostgreSQL migrations).
 * Stripes instead of a lock per room: an idle room costs nothing. One instance is shared by everything that
 * changes rooms.
 */
public final class RoomLocks {
    private static final int STRIPES = 64;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    public RoomLocks() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Runs {@code work} holding the room's lock. */
    public <T> T holding(String room, Supplier<T> work) {
        ReentrantLock lock = stripes[stripe(room)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** Which of the locks is the room's: rooms with the same one are changed one at a time. */
    int stripe(String room) {
        return Math.floorMod(room.hashCode(), STRIPES);
    }

    /** How many threads wait for the room's lock now: for the tests of {@link GroupCommit}. */
    int waiting(String room) {
        return stripes[stripe(room)].getQueueLength();
    }

    /** How many locks there are: {@link #stripe} is below it. */
    int stripes() {
        return STRIPES;
    }
}
