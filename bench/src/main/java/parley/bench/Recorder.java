package parley.bench;

import org.HdrHistogram.Histogram;

/**
 * Counts the deliveries of the messages being measured and their post-to-delivery latency. Only the
 * fleet's selector thread touches it, so it needs no locking.
 */
final class Recorder implements StreamConnection.Deliveries {
    private long from = Long.MAX_VALUE;
    private long to = Long.MAX_VALUE;
    final Histogram latencyMicros = new Histogram(120_000_000L, 3);
    long deliveries;
    long lastDeliveryAt;

    /** Starts measuring the messages numbered from {@code from} on (until {@link #measureUntil}). */
    void measureFrom(long from) {
        this.from = from;
        this.to = Long.MAX_VALUE;
        latencyMicros.reset();
        deliveries = 0;
    }

    void measureUntil(long to) {
        this.to = to;
    }

    @Override
    public void delivered(long seq, long sentNanos, long receivedNanos, boolean firstTime) {
        if (seq < from || seq >= to) {
            return;
        }
        if (!firstTime) {
            return; // counted by its stream
        }
        deliveries++;
        lastDeliveryAt = receivedNanos;
        latencyMicros.recordValue(Math.max(0, (receivedNanos - sentNanos) / 1000));
    }
}
