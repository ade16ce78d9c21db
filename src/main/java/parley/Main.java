package parley;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool.PoolInitializationException;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.chat.ChatService;
import parley.chat.Message;
import parley.live.Bus;
import parley.live.ClusterPresence;
import parley.live.Hub;
import parley.live.LiveFeed;
import parley.live.LocalBus;
import parley.live.PostgresBus;
import parley.live.Presence;
import parley.store.Database;
import parley.store.JdbcMessageStore;
import parley.store.Settings;
import parley.store.StoreUnavailable;
import parley.web.Health;
import parley.web.Sessions;
import parley.web.Templates;
import parley.web.WebServer;

/** Reads the configuration and wires the parts together; no logic of its own. */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        if (java.util.Arrays.asList(args).contains("--help")) {
            System.out.print(Config.usage());
            return;
        }
        Config config;
        try {
            config = Config.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Parley parley;
        try {
            parley = start(config);
        } catch (StoreUnavailable | PoolInitializationException | FlywayException e) {
            System.err.println("Parley could not open its database (" + where(config) + "): " + rootMessage(e));
            System.exit(1);
            return;
        }
        // SIGTERM (and Ctrl-C): streams end cleanly, so browsers reconnect, to another node if there is one.
        Runtime.getRuntime().addShutdownHook(new Thread(parley::close, "parley-shutdown"));
        String host = config.host().equals("0.0.0.0") ? "localhost" : config.host();
        log.info("Parley is running: open http://{}:{}/ (messages in {})", host, parley.port(), where(config));
    }

    /** Where the messages are, for people: the SQLite file, or the PostgreSQL URL without its credentials. */
    private static String where(Config config) {
        if (config.clustered()) {
            String url = config.databaseUrl();
            return "PostgreSQL at " + (url.contains("?") ? url.substring(0, url.indexOf('?')) : url);
        }
        return config.data().toAbsolutePath().normalize().toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    public static Parley start(Config config) {
        Parley parley = create(config);
        parley.start();
        return parley;
    }

    /** Everything wired, nothing listening yet. */
    public static Parley create(Config config) {
        HikariDataSource dataSource = config.clustered()
                ? Database.postgres(config.databaseUrl())
                : Database.sqlite(config.data());
        JdbcMessageStore store = new JdbcMessageStore(dataSource);
        String secret = config.secret().isBlank() ? new Settings(dataSource).sessionSecret() : config.secret();
        Templates templates = config.dev() ? Templates.hotReload(Path.of("templates")) : Templates.precompiled();

        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("parley-timer").factory());
        Hub hub = new Hub();
        Bus bus = config.clustered() ? postgresBus(config, dataSource, store, hub, timer) : new LocalBus();
        Presence presence = new Presence(hub, bus, templates::presence, timer);
        hub.onMembershipChange(presence::changed);
        LiveFeed feed = new LiveFeed(hub, templates::message);
        bus.start(new Bus.Receiver() {
            @Override
            public void message(Message message) {
                feed.accept(message);
            }

            @Override
            public void presenceChanged(String room) {
                presence.changedElsewhere(room);
            }
        });
        // A peer that vanished is only noticed on the second write after it left (the first one just draws
        // its reset), so every stream is pinged twice per period: a dead one is then gone within one heartbeat.
        schedulePings(hub, timer, config.heartbeat().dividedBy(2));
        ChatService chat = new ChatService(store, bus, Clock.systemUTC(), config.history(),
                config.limits().maxMessageChars());

        WebServer.Settings web = new WebServer.Settings(config.host(), config.port(), config.heartbeat(),
                config.retryMillis(), config.queue(), config.dev(), config.trustForwarded(), config.limits());
        Sessions sessions = new Sessions(secret, Clock.systemUTC(), config.secureCookie());
        Javalin app = WebServer.create(web, chat, hub, presence, sessions, templates,
                new Health(store::isHealthy));
        return new Parley(app, bus, dataSource, timer);
    }

    /**
     * Nodes beat every five seconds (or twice per heartbeat, when that is shorter), so a node that dies
     * leaves its rooms' presence within four beats; the listening connection is checked as often.
     */
    private static PostgresBus postgresBus(Config config, HikariDataSource dataSource, JdbcMessageStore store, Hub hub,
                                           ScheduledExecutorService timer) {
        Duration beat = config.heartbeat().dividedBy(2).compareTo(Duration.ofSeconds(5)) < 0
                ? config.heartbeat().dividedBy(2) : Duration.ofSeconds(5);
        ClusterPresence presence = new ClusterPresence(dataSource, timer, beat);
        return new PostgresBus(config.databaseUrl(), store, hub, presence, beat);
    }

    private static void schedulePings(Hub hub, ScheduledExecutorService timer, Duration period) {
        int slices = 8;
        long tick = Math.max(1, period.toMillis() / slices);
        AtomicInteger next = new AtomicInteger();
        timer.scheduleAtFixedRate(() -> hub.ping(next.getAndIncrement() % slices, slices), tick, tick,
                TimeUnit.MILLISECONDS);
    }
}
