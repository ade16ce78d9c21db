package parley.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * The loads the benchmark puts on a server, each against a freshly started one. Every number it
 * reports comes from here: deliveries and latency from the streams, CPU and memory from /proc.
 */
final class Scenarios {
    static final String ROOM = "bench";
    private static final String NAME = "bench";
    private static final String PASSWORD = "bench-password";
    private static final int RATE_POSTERS = 4;
    /** Posting connections when posting flat out: enough to keep the server busy, few enough that the
     *  generator (one core) still reads every delivery in time. */
    static final int SATURATING_POSTERS = 4;
    private static final Duration JIT_WARMUP = Duration.ofSeconds(8);
    private static final Duration DRAIN = Duration.ofSeconds(10);
    private static final Duration OPEN = Duration.ofSeconds(120);

    /** One load's figures; NaN where a figure does not apply. */
    record Result(String server, String load, int subscribers, double postsPerSecond, long posted,
                  long deliveries, long missing, long duplicates, double deliveriesPerSecond,
                  double p50Millis, double p99Millis, double maxMillis, double cpuMicrosPerDelivery,
                  double postP99Millis, int droppedStreams, double kernelShare, String note) {}

    private Scenarios() {}

    /** How many other rooms each member of the members load has in their sidebar. */
    static final int SIDEBAR_ROOMS = 5;

    /**
     * As {@link #atRate} without a stall, but each stream is a person of their own who is a member of the room
     * and of {@value #SIDEBAR_ROOMS} other rooms (their sidebar), so that every post is counted for every one of
     * them (issue 16: a post must cost no work per member beyond the fan-out).
     */
    static Result membersAtRate(ServerProcess server, int members, int perSecond, Duration warmup, Duration measure)
            throws IOException, InterruptedException {
        String cookie = signIn(server);
        List<String> cookies = new java.util.ArrayList<>(members);
        try (HttpSession session = new HttpSession(server.port)) {
            session.postForm("/rooms/" + ROOM + "/messages", cookie, "text=the+room+begins", false);
            for (int i = 0; i < SIDEBAR_ROOMS; i++) {
                session.postForm("/rooms/" + ROOM + "-side-" + i + "/messages", cookie, "text=a+room+of+the+sidebar", false);
            }
            for (int i = 0; i < members; i++) {
                String member = session.signUp("member-" + i, PASSWORD)
                        .orElseThrow(() -> new IOException("a member could not sign up"));
                session.get("/rooms/" + ROOM, member); // opening the room makes them a member of it
                for (int r = 0; r < SIDEBAR_ROOMS; r++) {
                    session.get("/rooms/" + ROOM + "-side-" + r, member);
                }
                cookies.add(member);
            }
        }
        Recorder recorder = new Recorder();
        try (StreamFleet fleet = new StreamFleet(server.port, "/rooms/" + ROOM + "/events", cookie, recorder)) {
            fleet.openAs(cookies, OPEN);
            Posters posters = new Posters(fleet, ROOM, cookie, server.port);
            long first = posters.asFastAsPossible(0, JIT_WARMUP, SATURATING_POSTERS).accepted().length();
            awaitQuiet(fleet, recorder);
            int warmupCount = (int) (perSecond * warmup.toSeconds());
            posters.atRate(first, warmupCount, perSecond, RATE_POSTERS);
            awaitQuiet(fleet, recorder);
            long measuredFrom = first + warmupCount;
            int count = (int) (perSecond * measure.toSeconds());
            fleet.call(() -> {
                recorder.measureFrom(measuredFrom);
                recorder.measureUntil(measuredFrom + count);
                return null;
            });
            ServerProcess.Usage before = server.usage();
            Posters.Outcome posted = posters.atRate(measuredFrom, count, perSecond, RATE_POSTERS);
            return finish(server, fleet, recorder, posted, before, members, perSecond + "/s, each a member with a sidebar",
                    members, null);
        }
    }

    /** {@code subscribers} streams, messages posted at {@code perSecond}; optionally one of them stops reading. */
    static Result atRate(ServerProcess server, int subscribers, int perSecond, Duration warmup, Duration measure,
                         boolean oneStalls) throws IOException, InterruptedException {
        String cookie = signIn(server);
        Recorder recorder = new Recorder();
        try (StreamFleet fleet = new StreamFleet(server.port, "/rooms/" + ROOM + "/events", cookie, recorder)) {
            int readers = oneStalls ? subscribers - 1 : subscribers;
            fleet.open(readers, OPEN);
            if (oneStalls) {
                fleet.open(1, 4096, OPEN); // a small window: its server-side buffers fill in seconds, not minutes
            }
            Posters posters = new Posters(fleet, ROOM, cookie, server.port);
            // First a burst, so that the server's JIT has compiled its posting path (a few thousand posts),
            // then the rate itself, so that the measurement starts in the steady state of that load.
            long first = posters.asFastAsPossible(0, JIT_WARMUP, SATURATING_POSTERS).accepted().length();
            awaitQuiet(fleet, recorder);
            int warmupCount = (int) (perSecond * warmup.toSeconds());
            posters.atRate(first, warmupCount, perSecond, RATE_POSTERS);
            awaitQuiet(fleet, recorder);
            long measuredFrom = first + warmupCount;

            StreamConnection stalled = oneStalls ? fleet.streams().getLast() : null;
            if (stalled != null) {
                stalled.measured = false;
                fleet.stall(stalled);
            }
            int count = (int) (perSecond * measure.toSeconds());
            fleet.call(() -> {
                recorder.measureFrom(measuredFrom);
                recorder.measureUntil(measuredFrom + count);
                return null;
            });
            ServerProcess.Usage before = server.usage();
            Posters.Outcome posted = posters.atRate(measuredFrom, count, perSecond, RATE_POSTERS);
            return finish(server, fleet, recorder, posted, before, readers, perSecond + "/s" + (oneStalls ? ", one stalled" : ""),
                    subscribers, stalled);
        }
    }

    /** {@code subscribers} streams, and posters that post as fast as the server answers. */
    static Result saturated(ServerProcess server, int subscribers, int posterThreads, Duration warmup, Duration measure)
            throws IOException, InterruptedException {
        String cookie = signIn(server);
        Recorder recorder = new Recorder();
        try (StreamFleet fleet = new StreamFleet(server.port, "/rooms/" + ROOM + "/events", cookie, recorder)) {
            fleet.open(subscribers, OPEN);
            Posters posters = new Posters(fleet, ROOM, cookie, server.port);
            Posters.Outcome warm = posters.asFastAsPossible(0, warmup, posterThreads);
            awaitQuiet(fleet, recorder);
            long first = warm.accepted().length() + 1;
            fleet.call(() -> {
                recorder.measureFrom(first);
                return null;
            });
            ServerProcess.Usage before = server.usage();
            Posters.Outcome posted = posters.asFastAsPossible(first, measure, posterThreads);
            long end = posted.accepted().length();
            fleet.call(() -> {
                recorder.measureUntil(end);
                return null;
            });
            return finish(server, fleet, recorder, posted, before, subscribers, "saturated", subscribers, null);
        }
    }

    private static Result finish(ServerProcess server, StreamFleet fleet, Recorder recorder, Posters.Outcome posted,
                                 ServerProcess.Usage before, int readers, String load, int subscribers,
                                 StreamConnection stalled) throws IOException {
        long expected = (long) posted.accepted().cardinality() * readers;
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (fleet.call(() -> recorder.deliveries) < expected && System.nanoTime() < deadline) {
            Bench.pause(Duration.ofMillis(10));
        }
        ServerProcess.Usage after = server.usage();
        if (stalled != null) {
            // Read what its socket still holds: a dropped stream then ends, a kept one catches up.
            fleet.resume(stalled);
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!fleet.call(() -> stalled.ended || stalled.missing(posted.accepted()) == 0) && System.nanoTime() < end) {
                Bench.pause(Duration.ofMillis(20));
            }
        }
        return fleet.call(() -> {
            long missing = 0;
            long duplicates = 0;
            int dropped = 0;
            for (StreamConnection stream : fleet.streams()) {
                if (stream == stalled) {
                    continue;
                }
                missing += stream.missing(posted.accepted());
                duplicates += stream.duplicates;
                dropped += stream.ended ? 1 : 0;
            }
            var latency = recorder.latencyMicros;
            System.out.printf("  %s %s N=%d latency ms: p50 %.1f, p90 %.1f, p95 %.1f, p99 %.1f, p99.9 %.1f, max %.1f%n",
                    server.name, load, subscribers, latency.getValueAtPercentile(50) / 1e3,
                    latency.getValueAtPercentile(90) / 1e3, latency.getValueAtPercentile(95) / 1e3,
                    latency.getValueAtPercentile(99) / 1e3, latency.getValueAtPercentile(99.9) / 1e3,
                    latency.getMaxValue() / 1e3);
            double seconds = (recorder.lastDeliveryAt - posted.startedAt()) / 1e9;
            double cpuNanos = after.cpuNanos() - before.cpuNanos();
            String note = posted.rejected() > 0 ? posted.rejected() + " posts refused" : "";
            if (stalled != null) {
                note = stalledNote(stalled, posted.accepted());
            }
            return new Result(server.name, load, subscribers, posted.postsPerSecond(), posted.accepted().cardinality(),
                    recorder.deliveries, missing, duplicates, recorder.deliveries / seconds,
                    latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                    latency.getMaxValue() / 1000.0, cpuNanos / 1000.0 / recorder.deliveries,
                    posted.postMicros().getValueAtPercentile(99) / 1000.0, dropped,
                    (after.systemNanos() - before.systemNanos()) / cpuNanos, note);
        });
    }

    /** Whether the server dropped the stalled stream, and how much it had been sent by then. */
    private static String stalledNote(StreamConnection stalled, BitSet accepted) {
        return "stalled stream: " + (stalled.ended ? "dropped" : "pending") + " after "
                + (accepted.cardinality() - stalled.missing(accepted)) + " of " + accepted.cardinality() + " messages";
    }

    /** Waits until no delivery has arrived for a moment: the warm-up's messages are all in. */
    static void awaitQuiet(StreamFleet fleet, Recorder recorder) {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = fleet.call(() -> fleet.streams().stream().mapToLong(s -> s.received).sum());
            if (now == last) {
                return;
            }
            last = now;
            Bench.pause(Duration.ofMillis(300));
        }
    }

    /**
     * The benchmark's session: it signs up as "bench" (the server runs with --open-signup and the cheapest
     * password hashing), or signs in where that name is taken already. A server from before accounts has no
     * /signup and ignores the password.
     */
    static String signIn(ServerProcess server) throws IOException {
        try (HttpSession session = new HttpSession(server.port)) {
            Optional<String> cookie = session.signUp(NAME, PASSWORD);
            if (cookie.isPresent()) {
                return cookie.get();
            }
        }
        try (HttpSession session = new HttpSession(server.port)) { // a new connection: the refusal may close one
            return session.signIn(NAME, PASSWORD);
        }
    }

    /**
     * Idle figures: memory and threads per open stream; with {@code --idle-after}, also the memory once the
     * streams have closed (and the server has noticed) and after that long with nothing to do (else 0).
     */
    record IdleResult(String server, int streams, double rssKilobytesPerStream, int threadsBefore, int threadsAfter,
                      long streamsPinged, long rssBytesBefore, long rssBytesAfter, long rssBytesClosed,
                      long rssBytesIdle) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%s: %,d idle streams: RSS %.0f MiB before, %.0f MiB open "
                    + "(%.2f KB per stream), %.0f MiB once closed, %.0f MiB after idling; threads %d -> %d; %,d pinged",
                    server, streams, rssBytesBefore / 1048576.0, rssBytesAfter / 1048576.0, rssKilobytesPerStream,
                    rssBytesClosed / 1048576.0, rssBytesIdle / 1048576.0, threadsBefore, threadsAfter, streamsPinged);
        }
    }

    /**
     * Opens {@code streams} streams, holds them through a ping period, and reads the server's memory and
     * threads; then keeps them open for {@code inspection} more, for a look at the server with jcmd. With
     * {@code idleAfter} above zero it then closes them all, reads the memory once the server has noticed
     * (two ping periods), and again after {@code idleAfter} of nothing: does the memory come back?
     */
    static IdleResult idle(ServerProcess server, int streams, Duration hold, Duration inspection, Duration idleAfter)
            throws IOException {
        String cookie = signIn(server);
        try (StreamFleet fleet = new StreamFleet(server.port, "/rooms/" + ROOM + "/events", cookie, new Recorder())) {
            fleet.open(200, OPEN); // the stream code paths loaded and compiled before the baseline reading
            fleet.call(() -> {
                fleet.streams().forEach(s -> close(s));
                return null;
            });
            // The server notices closed streams at its next ping; the figure before must not include them.
            Bench.pause(hold);
            ServerProcess.Usage before = server.usage();
            fleet.open(streams, OPEN);
            List<StreamConnection> held = fleet.call(() -> fleet.streams().subList(200, fleet.streams().size()));
            int[] pingsAtStart = fleet.call(() -> held.stream().mapToInt(s -> s.pings).toArray());
            Bench.pause(hold);
            ServerProcess.Usage after = server.usage();
            if (!inspection.isZero()) {
                System.out.printf("  %s (pid %d) holds %d streams for %s: e.g. jcmd %d GC.class_histogram%n",
                        server.name, server.pid(), streams, inspection, server.pid());
                Bench.pause(inspection);
            }
            long pinged = fleet.call(() -> {
                long n = 0;
                for (int i = 0; i < held.size(); i++) {
                    if (held.get(i).isOpen() && held.get(i).pings > pingsAtStart[i]) {
                        n++;
                    }
                }
                return n;
            });
            long closed = 0;
            long idle = 0;
            if (!idleAfter.isZero()) {
                fleet.call(() -> {
                    held.forEach(Scenarios::close);
                    return null;
                });
                Bench.pause(hold.multipliedBy(2));
                closed = server.usage().rssBytes();
                System.out.printf("  %s: streams closed, RSS %.0f MiB; idling %s%n", server.name, closed / 1048576.0, idleAfter);
                Bench.pause(idleAfter);
                idle = server.usage().rssBytes();
            }
            return new IdleResult(server.name, streams, (after.rssBytes() - before.rssBytes()) / 1024.0 / streams,
                    before.threads(), after.threads(), pinged, before.rssBytes(), after.rssBytes(), closed, idle);
        }
    }

    private static void close(StreamConnection stream) {
        try {
            stream.channel.close();
            stream.ended = true;
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
