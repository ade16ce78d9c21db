package parley.live;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pings every open stream twice per heartbeat, one slice of them at a time. A client that closes its
 * connection is noticed at once (the web layer watches it); the pings are for the one whose end never
 * arrives, or arrives as a reset: it is noticed on the second write after it left (the first one just draws
 * the reset), so two pings per period mean such a stream is gone, and leaves its room's presence, within one
 * heartbeat. A peer whose network went silent answers nothing at all: the kernel accepts the pings until
 * its send buffer fills or TCP gives up retransmitting, so that one is not noticed within a heartbeat.
 */
public final class Heartbeat {
    private static final int SLICES = 8;

    private Heartbeat() {}

    public static void start(Hub hub, ScheduledExecutorService timer, Duration heartbeat) {
        long tick = Math.max(1, heartbeat.dividedBy(2).toMillis() / SLICES);
        AtomicInteger next = new AtomicInteger();
        timer.scheduleAtFixedRate(() -> hub.ping(next.getAndIncrement() % SLICES, SLICES), tick, tick,
                TimeUnit.MILLISECONDS);
    }
}
