package parley.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * What the HTTP side counts for the operator (GET /metrics): refusals by the limit that refused, the streams
 * open on this node against its cap, its connections, and Jetty's request threads and the fan-out threads.
 * Refusals are rare and everything else is read only when scraped, so none of this is on a hot path.
 */
final class WebMetrics {
    /** Every limit a refusal can be counted against, by the name of its setting. */
    static final List<String> LIMITS = List.of("posts-per-person", "streams-per-person", "open-streams",
            "rooms-per-person", "sign-ins-per-name", "sign-ins-per-address", "sign-ups-per-address", "max-streams");

    private final MeterRegistry registry;
    private final Map<String, Counter> refusals;
    private final Counter streamsOpened;

    WebMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Registered up front, so each series is there (at 0) before its first refusal.
        this.refusals = LIMITS.stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
                limit -> Counter.builder("parley.refusals").tag("limit", limit)
                        .description("Requests refused by a limit (429, or 503 for max-streams), by the setting that refused them")
                        .register(registry)));
        this.streamsOpened = Counter.builder("parley.streams.opened")
                .description("Event streams opened on this node (page loads and reconnects)").register(registry);
    }

    /** A request was refused by {@code limit}, one of {@link #LIMITS}. */
    void refused(String limit) {
        Counter counter = refusals.get(limit);
        if (counter == null) {
            throw new IllegalArgumentException("not a limit: " + limit);
        }
        counter.increment();
    }

    void streamOpened() {
        streamsOpened.increment();
    }

    void watch(NodeStreams streams) {
        Gauge.builder("parley.streams.open", streams, NodeStreams::open)
                .description("Event streams open on this node").register(registry);
        Gauge.builder("parley.streams.max", streams, NodeStreams::max)
                .description("Event streams this node holds at most (--max-streams); more are refused with 503").register(registry);
    }

    /**
     * Jetty's request threads (jetty_threads_*), the connections open on the connector, and the fan-out
     * pool (executor_*{name="fanout"}). Connections are read from the connector itself: Micrometer's
     * JettyConnectionMetrics would keep a map entry and a timer sample per connection behind one lock, for a
     * per-connection duration that says nothing when streams stay open for hours.
     */
    void watch(ThreadPool requestThreads, ServerConnector connector, ExecutorService fanOut) {
        new JettyServerThreadPoolMetrics(requestThreads, Tags.empty()).bindTo(registry);
        Gauge.builder("parley.connections.open", connector, c -> c.getConnectedEndPoints().size())
                .description("HTTP connections open on this node: streams, and connections for pages and posts").register(registry);
        new ExecutorServiceMetrics(fanOut, "fanout", Tags.empty()).bindTo(registry);
    }
}
