package parley.live;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pings every open stream twice per heartbeat, one slice of them at a time. A peer that vanished is only
 * noticed on the second write after it left (the first one just draws its reset), so two pings per period
 * mean a dead stream is gone, and leaves its room's presence, within one heartbeat.
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
