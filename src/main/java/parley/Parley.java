package parley;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import java.util.concurrent.ScheduledExecutorService;
import parley.live.Bus;

/** A running Parley node: what {@link Main#start} wired, and the one way to stop it cleanly. */
public final class Parley implements AutoCloseable {
    private final Javalin web;
    private final Bus bus;
    private final HikariDataSource dataSource;
    private final ScheduledExecutorService timer;

    Parley(Javalin web, Bus bus, HikariDataSource dataSource, ScheduledExecutorService timer) {
        this.web = web;
        this.bus = bus;
        this.dataSource = dataSource;
        this.timer = timer;
    }

    public void start() {
        web.start();
    }

    /** The Javalin app, for tools such as javalin-testtools that start and stop it themselves. */
    public Javalin web() {
        return web;
    }

    public int port() {
        return web.port();
    }

    /**
     * Stops HTTP gracefully (it stops accepting, ends the streams so browsers reconnect, to another node if
     * there is one, and lets the requests in progress finish: see {@link parley.web.WebServer}), then leaves the other
     * nodes (this node's people leave their rooms at once), then closes the database.
     */
    @Override
    public void close() {
        web.stop();
        bus.close();
        timer.shutdownNow();
        dataSource.close();
    }
}
