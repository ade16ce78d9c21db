package parley.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Two Parley nodes sharing one PostgreSQL (issue 5): half the subscribers on each node. First messages
 * are posted on node A at a steady rate, and the latency is read apart for the streams on A and on B
 * (post on A → NOTIFY → read on B → B's streams). Then both nodes are posted to as fast as they answer,
 * for the rate the pair sustains with every message still delivered to every stream.
 */
final class ClusterScenario {
    private static final Duration JIT_WARMUP = Duration.ofSeconds(8);
    private static final Duration OPEN = Duration.ofSeconds(120);
    private static final Duration DRAIN = Duration.ofSeconds(20);

    record Result(int subscribers, int perSecond, long posted, long missing, double p50OnA, double p99OnA,
                  double p50OnB, double p99OnB, double saturatedPostsPerSecond, double saturatedDeliveriesPerSecond,
                  long saturatedMissing, int saturatedDroppedStreams, double saturatedP99OnB) {}

    private ClusterScenario() {}

    static Result run(ServerProcess a, ServerProcess b, int subscribers, int perSecond, Duration warmup, Duration measure)
            throws IOException {
        String cookie = Scenarios.signIn(a); // valid on B too: the signing key is shared through PostgreSQL
        Recorder onA = new Recorder();
        Recorder onB = new Recorder();
        try (StreamFleet fleet = new StreamFleet(a.port, "/rooms/" + Scenarios.ROOM + "/events", cookie, onA)) {
            fleet.open(subscribers / 2, OPEN);
            fleet.retarget(b.port, onB);
            fleet.open(subscribers - subscribers / 2, OPEN);
            Posters toA = new Posters(fleet, Scenarios.ROOM, cookie, a.port);
            Posters toBoth = new Posters(fleet, Scenarios.ROOM, cookie, a.port, b.port);

            long next = toBoth.asFastAsPossible(0, JIT_WARMUP, 4).accepted().length(); // both nodes' JIT
            Scenarios.awaitQuiet(fleet, onB);
            int warmupCount = (int) (perSecond * warmup.toSeconds());
            toA.atRate(next, warmupCount, perSecond, 4);
            next += warmupCount;
            Scenarios.awaitQuiet(fleet, onB);

            int count = (int) (perSecond * measure.toSeconds());
            long from = next;
            measure(fleet, List.of(onA, onB), from, from + count);
            Posters.Outcome steady = toA.atRate(from, count, perSecond, 4);
            drain(fleet, List.of(onA, onB), steady, subscribers);
            long steadyMissing = missing(fleet, steady);
            double[] latency = fleet.call(() -> new double[] {
                    millis(onA, 50), millis(onA, 99), millis(onB, 50), millis(onB, 99)});
            next = steady.accepted().length();

            measure(fleet, List.of(onA, onB), next, Long.MAX_VALUE);
            Posters.Outcome flatOut = toBoth.asFastAsPossible(next, measure, 4);
            long deliveredBy = drain(fleet, List.of(onA, onB), flatOut, subscribers);
            long delivered = fleet.call(() -> onA.deliveries + onB.deliveries);
            double p99OnB = fleet.call(() -> millis(onB, 99));
            Result result = new Result(subscribers, perSecond, steady.accepted().cardinality(), steadyMissing,
                    latency[0], latency[1], latency[2], latency[3], flatOut.postsPerSecond(),
                    delivered / ((deliveredBy - flatOut.startedAt()) / 1e9), missing(fleet, flatOut),
                    fleet.call(() -> (int) fleet.streams().stream().filter(s -> s.ended).count()), p99OnB);
            System.out.println(result);
            return result;
        }
    }

    private static void measure(StreamFleet fleet, List<Recorder> recorders, long from, long until) {
        fleet.call(() -> {
            for (Recorder recorder : recorders) {
                recorder.measureFrom(from);
                recorder.measureUntil(until);
            }
            return null;
        });
    }

    /** Waits until every stream has every accepted message (or the drain time is up); returns when the last came. */
    private static long drain(StreamFleet fleet, List<Recorder> recorders, Posters.Outcome posted, int subscribers) {
        long expected = (long) posted.accepted().cardinality() * subscribers;
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (fleet.call(() -> recorders.stream().mapToLong(r -> r.deliveries).sum()) < expected
                && System.nanoTime() < deadline) {
            Bench.pause(Duration.ofMillis(10));
        }
        return fleet.call(() -> recorders.stream().mapToLong(r -> r.lastDeliveryAt).max().orElse(0));
    }

    private static long missing(StreamFleet fleet, Posters.Outcome posted) {
        return fleet.call(() -> fleet.streams().stream().mapToLong(s -> s.missing(posted.accepted())).sum());
    }

    private static double millis(Recorder recorder, double percentile) {
        return recorder.latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }
}
