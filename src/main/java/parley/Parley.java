package parley;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import java.util.concurrent.ScheduledExecutorService;

/** A running Parley node: what {@link Main#start} wired, and the one way to stop it cleanly. */
public final class Parley implements AutoCloseable {
    private final Javalin web;
    private final HikariDataSource dataSource;
    private final ScheduledExecutorService timer;

    Parley(Javalin web, HikariDataSource dataSource, ScheduledExecutorService timer) {
        this.web = web;
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

    /** Closes the streams (browsers reconnect elsewhere), stops HTTP, then closes the database. */
    @Override
    public void close() {
        web.stop();
        timer.shutdownNow();
        dataSource.close();
    }
}
