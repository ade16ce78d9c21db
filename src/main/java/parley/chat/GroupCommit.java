package parley.chat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Group commit for changes that are made under their room's lock ({@link RoomLocks}): a change waits for the lock in
 * a queue, and whoever takes the lock first does every change queued for it, at once, then lets the others go with
 * theirs done. On a quiet room each change is done alone, as before; on a busy one, whose changes would each wait
 * for the lock anyway, one transaction and one commit (one fsync) store several: the commit was the largest part of
 * a post's cost. A batch is of one room (the lock's other rooms wait for their own). The changes of a batch are in
 * queue order, and each is published before the lock is let go, so
 * every subscriber still receives a room's changes in change order.
 *
 * @param <W> a change waiting to be done, which knows whether it has been
 */
final class GroupCommit<W extends GroupCommit.Waiting> {
    /** A change in the queue: done (or failed) by whichever batch takes it. */
    interface Waiting {
        /** The room it changes: a batch is of one room's changes. */
        String room();

        boolean settled();

        /** It could not be done: its own caller is told. */
        void failed(RuntimeException failure);
    }

    /** The most changes done in one batch: bounds how long the lock is held at once. */
    static final int MOST = 32;

    private final RoomLocks locks;
    private final List<Queue<W>> queues;

    GroupCommit(RoomLocks locks) {
        this.locks = locks;
        this.queues = new ArrayList<>(locks.stripes());
        for (int i = 0; i < locks.stripes(); i++) {
            queues.add(new ConcurrentLinkedQueue<>());
        }
    }

    /**
     * Does {@code change}, in a batch with whatever else waits for the same lock: returns once it is settled.
     * {@code batch} is given the changes in queue order, under the lock, and must settle each of them.
     */
    void run(String room, W change, Consumer<List<W>> batch) {
        Queue<W> queue = queues.get(locks.stripe(room));
        queue.add(change);
        locks.holding(room, () -> {
            while (!change.settled()) { // not yet taken by an earlier batch, or beyond the last one's MOST
                List<W> taken = new ArrayList<>();
                for (Iterator<W> queued = queue.iterator(); queued.hasNext() && taken.size() < MOST; ) {
                    W next = queued.next();
                    // Only this room's: a transaction that locked several rooms' rows could wait in a circle with
                    // another node's, which locked them in another order. Other rooms' changes keep their place.
                    if (next.room().equals(room)) {
                        queued.remove();
                        taken.add(next);
                    }
                }
                if (taken.isEmpty()) { // taken by a batch that ended in an Error before settling it
                    change.failed(new IllegalStateException("A change was lost by the batch that took it"));
                    break;
                }
                try {
                    batch.accept(taken);
                } catch (RuntimeException e) {
                    taken.stream().filter(waiting -> !waiting.settled()).forEach(waiting -> waiting.failed(e));
                }
            }
            return null;
        });
    }
}
