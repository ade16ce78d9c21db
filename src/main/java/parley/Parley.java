package parley;

import java.util.OptionalInt;
import java.util.concurrent.ScheduledExecutorService;
import parley.live.Bus;
import parley.live.SharedPresence;
import parley.store.Database;
import parley.web.MetricsServer;
import parley.web.WebServer;

/** A running Parley node: what {@link Main#start} wired, and the one way to stop it cleanly. */
public final class Parley implements AutoCloseable {
    private final WebServer web;
    private final Bus bus;
    private final SharedPresence presence;
    private final Database database;
    private final ScheduledExecutorService timer;
    private final Metrics metrics;
    private final String metricsHost;
    private final int metricsPort;
    private final Capacity capacity;
    private MetricsServer metricsServer;

    Parley(WebServer web, Bus bus, SharedPresence presence, Database database, ScheduledExecutorService timer,
           Metrics metrics, String metricsHost, int metricsPort, Capacity capacity) {
        this.web = web;
        this.bus = bus;
        this.presence = presence;
        this.database = database;
        this.timer = timer;
        this.metrics = metrics;
        this.metricsHost = metricsHost;
        this.metricsPort = metricsPort;
        this.capacity = capacity;
    }

    /** Starts serving the chat, then GET /metrics when there is a metrics port. */
    public void start() {
        web.start();
        if (metrics.prometheus() != null) {
            metricsServer = MetricsServer.start(metricsHost, metricsPort, metrics.prometheus());
        }
    }

    public WebServer web() {
        return web;
    }

    public int port() {
        return web.port();
    }

    /** The port that serves GET /metrics; empty when metrics are off (no --metrics-port). */
    public OptionalInt metricsPort() {
        return metricsServer == null ? OptionalInt.empty() : OptionalInt.of(metricsServer.port());
    }

    /** How many event streams this node takes, and why. */
    Capacity capacity() {
        return capacity;
    }

    /**
     * Stops HTTP gracefully (it stops accepting, ends the streams so browsers reconnect, to another node if
     * there is one, and lets the requests in progress finish: see {@link WebServer}), then stops listening to
     * the other nodes and leaves them (this node's people leave their rooms at once), then closes the database.
     * GET /metrics answers until HTTP has stopped.
     */
    @Override
    public void close() {
        web.stop();
        if (metricsServer != null) {
            metricsServer.close();
        }
        bus.close();
        presence.close();
        timer.shutdownNow();
        database.close();
        metrics.close();
    }
}
