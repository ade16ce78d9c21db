package parley.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A stream's send buffer: what its writer gets, in what order, and when a slow one is dropped. */
class SubscriberTest {

    private static Frame message(long id) {
        return SseFrames.message(id, "<li>" + id + "</li>");
    }

    /** Counts what a subscriber asks of its writer. */
    private static final class CountingOutlet implements Outlet {
        final AtomicInteger wakes = new AtomicInteger();
        final AtomicInteger aborts = new AtomicInteger();

        @Override
        public void open(Subscriber subscriber) {}

        @Override
        public void wake() {
            wakes.incrementAndGet();
        }

        @Override
        public void abort() {
            aborts.incrementAndGet();
        }
    }

    private static String text(ByteBuffer batch) {
        return batch == null ? null : StandardCharsets.UTF_8.decode(batch).toString();
    }

    @Test
    void theReplayComesFirstThenEverythingQueuedInOneBatchWithoutMessagesAlreadyReplayed() {
        Subscriber subscriber = new Subscriber("room", "ann", 16);
        subscriber.offer(message(2)); // published while the stream was opening, and also in the replay
        subscriber.offer(message(3));
        CountingOutlet outlet = new CountingOutlet();
        AtomicInteger wakes = outlet.wakes;
        subscriber.start(List.of(new Frame(0, SseFrames.retry(2000)), message(1), message(2)), 2, outlet);

        String batch = text(subscriber.nextBatch());
        assertThat(batch).startsWith("retry: 2000\n\n");
        assertThat(batch.indexOf("id: 1\n")).isLessThan(batch.indexOf("id: 2\n"));
        assertThat(batch.split("id: 2\n", -1)).as("message 2 once").hasSize(2);
        assertThat(batch).endsWith("id: 3\ndata: <li>3</li>\n\n");
        assertThat(wakes).hasValue(1);
        assertThat(subscriber.nextBatch()).as("nothing left").isNull();

        subscriber.offer(message(4));
        subscriber.offer(message(5));
        assertThat(wakes).hasValue(3);
        assertThat(text(subscriber.nextBatch())).contains("id: 4\n").contains("id: 5\n");
    }

    @Test
    void aSubscriberWhoseBufferOverflowsIsClosedAndItsConnectionAborted() {
        Subscriber subscriber = new Subscriber("room", "slow", 3);
        CountingOutlet outlet = new CountingOutlet();
        AtomicInteger aborts = outlet.aborts;
        subscriber.start(List.of(), 0, outlet);

        for (int id = 1; id <= 3; id++) {
            assertThat(subscriber.offer(message(id))).isTrue();
        }
        assertThat(subscriber.offer(message(4))).isFalse();
        assertThat(subscriber.isClosed()).isTrue();
        assertThat(aborts).hasValue(1);
        assertThat(subscriber.nextBatch()).as("nothing is written once dropped").isNull();
        assertThat(subscriber.offer(message(5))).isFalse();
        assertThat(aborts).hasValue(1);
    }

    @Test
    void aRoundOfPingSlicesPingsEveryStreamExactlyOnce() {
        Hub hub = new Hub();
        List<Subscriber> subscribers = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> new Subscriber("room-" + i % 3, "person-" + i, 16)).toList();
        for (Subscriber subscriber : subscribers) {
            subscriber.start(List.of(), 0, new CountingOutlet());
            hub.join(subscriber);
        }
        int slices = 8;
        java.util.Map<Subscriber, Integer> pinged = new java.util.HashMap<>();
        for (int slice = 0; slice < slices; slice++) {
            hub.ping(slice, slices);
            for (Subscriber subscriber : subscribers) {
                String batch = text(subscriber.nextBatch());
                if (batch != null) {
                    assertThat(batch).isEqualTo(": ping\n\n");
                    pinged.merge(subscriber, 1, Integer::sum);
                }
            }
            if (slice == 0) {
                assertThat(pinged.size()).as("one slice pings only some of the streams").isLessThan(50);
            }
        }
        assertThat(pinged).hasSize(50).allSatisfy((subscriber, times) -> assertThat(times).isEqualTo(1));
    }

    @Test
    void aBroadcastIsCountedOncePerStreamItReachedAndADropOnce() {
        AtomicInteger queued = new AtomicInteger();
        AtomicInteger dropped = new AtomicInteger();
        LiveMetrics metrics = new LiveMetrics() {
            @Override
            public void queued(int streams) {
                queued.addAndGet(streams);
            }

            @Override
            public void slowClientDropped() {
                dropped.incrementAndGet();
            }
        };
        Hub hub = new Hub(metrics);
        Subscriber slow = new Subscriber("room", "slow", 0, 2, metrics);
        Subscriber fast = new Subscriber("room", "fast", 0, 100, metrics);
        for (Subscriber subscriber : List.of(slow, fast)) {
            subscriber.start(List.of(), 0, new CountingOutlet());
            hub.join(subscriber);
        }
        hub.broadcast("room", message(1));
        hub.broadcast("room", message(2));
        assertThat(queued).hasValue(4);
        hub.broadcast("room", message(3)); // slow's third: its buffer of 2 is full, and it is dropped
        assertThat(queued).hasValue(5);
        assertThat(dropped).hasValue(1);
        hub.broadcast("room", message(4));
        assertThat(slow.offer(message(5))).isFalse();
        assertThat(dropped).as("a drop is counted once").hasValue(1);
        assertThat(queued).hasValue(6);
    }
}
