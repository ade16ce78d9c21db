package parley;

import java.util.concurrent.ScheduledExecutorService;
import parley.live.Bus;
import parley.live.SharedPresence;
import parley.store.Database;
import parley.web.WebServer;

/** A running Parley node: what {@link Main#start} wired, and the one way to stop it cleanly. */
public final class Parley implements AutoCloseable {
    private final WebServer web;
    private final Bus bus;
    private final SharedPresence presence;
    private final Database database;
    private final ScheduledExecutorService timer;

    Parley(WebServer web, Bus bus, SharedPresence presence, Database database, ScheduledExecutorService timer) {
        this.web = web;
        this.bus = bus;
        this.presence = presence;
        this.database = database;
        this.timer = timer;
    }

    public void start() {
        web.start();
    }

    public WebServer web() {
        return web;
    }

    public int port() {
        return web.port();
    }

    /**
     * Stops HTTP gracefully (it stops accepting, ends the streams so browsers reconnect, to another node if
     * there is one, and lets the requests in progress finish: see {@link WebServer}), then stops listening to
     * the other nodes and leaves them (this node's people leave their rooms at once), then closes the database.
     */
    @Override
    public void close() {
        web.stop();
        bus.close();
        presence.close();
        timer.shutdownNow();
        database.close();
    }
}
