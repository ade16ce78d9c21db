package parley;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import parley.chat.ChatMetrics;
import parley.live.LiveMetrics;
import parley.store.StoreErrors;

/**
 * The node's metrics, for {@code GET /metrics} on {@code --metrics-port}: one Micrometer registry in
 * Prometheus's format with the JVM's own meters, and Micrometer meters behind what each layer counts
 * ({@link LiveMetrics}, {@link ChatMetrics}, {@link StoreErrors}; the web layer takes the registry itself,
 * for Jetty's threads). Without a metrics port nothing is kept: the layers get counters that count nothing.
 * The names are listed in docs/deploy.md ("Metrics").
 */
final class Metrics implements AutoCloseable {
    private final PrometheusMeterRegistry prometheus;
    private final MeterRegistry registry;
    private final JvmGcMetrics gc;

    private Metrics(PrometheusMeterRegistry prometheus) {
        this.prometheus = prometheus;
        if (prometheus == null) {
            this.registry = new CompositeMeterRegistry(); // with no registry in it, its meters keep nothing
            this.gc = null;
            return;
        }
        this.registry = prometheus;
        new JvmInfoMetrics().bindTo(prometheus);
        new JvmMemoryMetrics().bindTo(prometheus);
        this.gc = new JvmGcMetrics();
        gc.bindTo(prometheus);
        new JvmThreadMetrics().bindTo(prometheus);
        new ClassLoaderMetrics().bindTo(prometheus);
        new ProcessorMetrics().bindTo(prometheus);
        new UptimeMetrics().bindTo(prometheus);
        new FileDescriptorMetrics().bindTo(prometheus);
    }

    static Metrics of(Config config) {
        return new Metrics(config.metricsPort() == Config.OFF ? null : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** The registry {@code GET /metrics} serves, or null when the node has no metrics port. */
    PrometheusMeterRegistry prometheus() {
        return prometheus;
    }

    MeterRegistry registry() {
        return registry;
    }

    LiveMetrics live() {
        if (prometheus == null) {
            return LiveMetrics.NONE;
        }
        Counter deliveries = Counter.builder("parley.deliveries")
                .description("Frames (messages, presence) queued on streams: a broadcast to a room of n streams adds n")
                .register(registry);
        Counter dropped = Counter.builder("parley.slow.clients.dropped")
                .description("Streams dropped because their client stopped reading and their buffer filled")
                .register(registry);
        return new LiveMetrics() {
            @Override
            public void queued(int streams) {
                deliveries.increment(streams);
            }

            @Override
            public void slowClientDropped() {
                dropped.increment();
            }
        };
    }

    ChatMetrics chat() {
        if (prometheus == null) {
            return ChatMetrics.NONE;
        }
        Map<ChatMetrics.Outcome, Timer> posts = new EnumMap<>(ChatMetrics.Outcome.class);
        for (ChatMetrics.Outcome outcome : ChatMetrics.Outcome.values()) {
            posts.put(outcome, Timer.builder("parley.posts")
                    .description("Posts, by outcome (stored, refused, failed), and how long they took: checks, store and publish")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    // Buckets for an SLO such as "99% of posts within 100 ms" instead of a full histogram.
                    .serviceLevelObjectives(ms(1), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(500),
                            ms(1000), ms(2500), ms(5000))
                    .register(registry));
        }
        Counter exact = resumes("exact");
        Counter reset = resumes("reset");
        return new ChatMetrics() {
            @Override
            public void posted(Outcome outcome, long nanos) {
                posts.get(outcome).record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void resumed(boolean wasExact) {
                (wasExact ? exact : reset).increment();
            }
        };
    }

    StoreErrors store() {
        if (prometheus == null) {
            return StoreErrors.NONE;
        }
        Map<StoreErrors.Kind, Counter> errors = new EnumMap<>(StoreErrors.Kind.class);
        for (StoreErrors.Kind kind : StoreErrors.Kind.values()) {
            errors.put(kind, Counter.builder("parley.store.errors")
                    .description("Failures of the message store, by kind; each was answered 503 or logged")
                    .tag("kind", kind.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        return kind -> errors.get(kind).increment();
    }

    private Counter resumes(String result) {
        return Counter.builder("parley.resumes")
                .description("Streams opened with a Last-Event-ID: exact (sent just what was missed) or reset (sent the recent history)")
                .tag("result", result)
                .register(registry);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Override
    public void close() {
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }
}
