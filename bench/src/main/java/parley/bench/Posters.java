package parley.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Posts the benchmark's messages, each carrying its number and its send time. At a fixed rate the time
 * written is the scheduled one, not the actual one, so a server that makes posters wait is charged for
 * the wait (no coordinated omission).
 */
final class Posters {
    /** What posting achieved: the numbers the server accepted (2xx), and how long each post took. */
    record Outcome(BitSet accepted, long attempted, long rejected, Histogram postMicros, long startedAt, long endedAt) {
        double postsPerSecond() {
            return accepted.cardinality() / ((endedAt - startedAt) / 1e9);
        }
    }

    private static final int PADDING = 60;

    private final int port;
    private final String path;
    private final String cookie;

    Posters(int port, String room, String cookie) {
        this.port = port;
        this.path = "/rooms/" + room + "/messages";
        this.cookie = cookie;
    }

    /** Posts messages [first, first + count) at {@code perSecond}, spread over {@code threads} connections. */
    Outcome atRate(long first, int count, int perSecond, int threads) throws InterruptedException {
        long interval = 1_000_000_000L / perSecond;
        long start = Bench.now() + 20_000_000L;
        return run(first, threads, (index, session, outcome) -> {
            for (long i = index; i < count; i += threads) {
                long due = start + i * interval;
                LockSupport.parkNanos(due - Bench.now());
                post(session, first + i, due, outcome);
            }
        });
    }

    /** Posts from {@code threads} connections, each as soon as its previous post was answered. */
    Outcome asFastAsPossible(long first, Duration duration, int threads) throws InterruptedException {
        AtomicLong next = new AtomicLong(first);
        long end = Bench.now() + duration.toNanos();
        return run(first, threads, (index, session, outcome) -> {
            while (Bench.now() < end) {
                post(session, next.getAndIncrement(), Bench.now(), outcome);
            }
        });
    }

    private interface Work {
        void run(int index, HttpSession session, Outcome outcome) throws IOException;
    }

    private Outcome run(long first, int threads, Work work) throws InterruptedException {
        Outcome outcome = new Outcome(new BitSet(), 0, 0, new Histogram(120_000_000L, 3), Bench.now(), 0);
        long[] attempted = new long[threads];
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            workers.add(Thread.ofPlatform().name("poster-" + t).start(() -> {
                try (HttpSession session = new HttpSession(port)) {
                    work.run(index, session, outcome);
                } catch (IOException | RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("posting failed: " + failures.getFirst(), failures.getFirst());
        }
        synchronized (outcome) {
            return new Outcome(outcome.accepted(), outcome.attempted(), outcome.rejected(), outcome.postMicros(),
                    outcome.startedAt(), Bench.now());
        }
    }

    private void post(HttpSession session, long seq, long sentAt, Outcome outcome) throws IOException {
        StringBuilder text = new StringBuilder("Zq").append(seq).append('x').append(sentAt).append("y ");
        while (text.length() < PADDING) {
            text.append("lorem ipsum ");
        }
        long before = Bench.now();
        int status = session.post(path, cookie, text.substring(0, PADDING));
        long took = Bench.now() - before;
        synchronized (outcome) {
            if (status / 100 == 2) {
                outcome.accepted().set((int) seq);
            }
            outcome.postMicros().recordValue(took / 1000);
        }
    }
}
