package parley.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.HdrHistogram.Histogram;

/**
 * Posts the benchmark's messages, each carrying its number and its send time, over a few keep-alive
 * connections driven by the stream fleet's thread. At a fixed rate the time written is the scheduled one,
 * not the actual one, so a server that makes posters wait is charged for the wait (no coordinated
 * omission).
 */
final class Posters {
    /** What posting achieved: the numbers the server accepted (2xx), and how long each post took. */
    record Outcome(BitSet accepted, long rejected, Histogram postMicros, long startedAt, long endedAt) {
        double postsPerSecond() {
            return accepted.cardinality() / ((endedAt - startedAt) / 1e9);
        }
    }

    private final StreamFleet fleet;
    private final int[] ports;
    private final String path;
    private final String cookie;

    /** Posts to the server on {@code ports}, or spread over them, one connection after another, when a cluster's nodes. */
    Posters(StreamFleet fleet, String room, String cookie, int... ports) {
        this.fleet = fleet;
        this.ports = ports;
        this.path = "/rooms/" + room + "/messages";
        this.cookie = cookie;
    }

    /** Posts messages [first, first + count) at {@code perSecond}, spread over {@code connections}. */
    Outcome atRate(long first, int count, int perSecond, int connections) {
        long interval = 1_000_000_000L / perSecond;
        long start = Bench.now() + 20_000_000L;
        return run(new Plan(connections) {
            @Override
            long stampFor(long seq, long now) {
                if (seq >= first + count) {
                    return FINISHED;
                }
                long due = start + (seq - first) * interval;
                return now >= due ? due : NOT_YET;
            }
        }, first);
    }

    /** Posts from {@code connections}, each as soon as its previous post was answered. */
    Outcome asFastAsPossible(long first, Duration duration, int connections) {
        long end = Bench.now() + duration.toNanos();
        return run(new Plan(connections) {
            @Override
            long stampFor(long seq, long now) {
                return now < end ? now : FINISHED;
            }
        }, first);
    }

    private Outcome run(Plan plan, long first) {
        try {
            for (int i = 0; i < plan.connections; i++) {
                plan.channels.add(new PostChannel(ports[i % ports.length], path, cookie));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        plan.next = first;
        plan.startedAt = Bench.now();
        fleet.post(plan);
        try {
            return plan.done.join();
        } finally {
            plan.channels.forEach(channel -> {
                try {
                    channel.channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            });
        }
    }

    /** The schedule, run on the fleet's thread: {@link #tick} sends what is due, {@link #answered} counts. */
    abstract static class Plan {
        static final long NOT_YET = -1;
        static final long FINISHED = -2;

        final int connections;
        final List<PostChannel> channels = new ArrayList<>();
        final CompletableFuture<Outcome> done = new CompletableFuture<>();
        private final BitSet accepted = new BitSet();
        private final Histogram postMicros = new Histogram(120_000_000L, 3);
        private long rejected;
        private boolean finished;
        long next;
        long startedAt;

        Plan(int connections) {
            this.connections = connections;
        }

        /** The send time to stamp on message {@code seq} if it is due, else NOT_YET or FINISHED. */
        abstract long stampFor(long seq, long now);

        void tick(long now) throws IOException {
            for (PostChannel channel : channels) {
                if (channel.isBusy() || finished) {
                    continue;
                }
                long stamp = stampFor(next, now);
                if (stamp == FINISHED) {
                    finished = true;
                } else if (stamp != NOT_YET) {
                    channel.send(next++, stamp);
                }
            }
            if (finished && channels.stream().noneMatch(PostChannel::isBusy) && !done.isDone()) {
                done.complete(new Outcome(accepted, rejected, postMicros, startedAt, Bench.now()));
            }
        }

        void answered(PostChannel channel, int status) {
            if (status / 100 == 2) {
                accepted.set((int) channel.seq());
            } else {
                rejected++;
            }
            postMicros.recordValue((Bench.now() - channel.sentAt()) / 1000);
        }
    }
}
