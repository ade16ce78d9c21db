package parley;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.chat.Accounts;
import parley.chat.ChatMetrics;
import parley.chat.Changing;
import parley.chat.Following;
import parley.chat.RoomLocks;
import parley.chat.HourlySweep;
import parley.chat.Passwords;
import parley.chat.Posting;
import parley.chat.Reading;
import parley.chat.Rooms;
import parley.chat.Searching;
import parley.chat.Sessions;
import parley.chat.Typing;
import parley.chat.StreamAudit;
import parley.cluster.PostgresBus;
import parley.cluster.PostgresPresence;
import parley.live.Attention;
import parley.live.Bus;
import parley.live.Heartbeat;
import parley.live.Hub;
import parley.live.LiveFeed;
import parley.live.LiveMetrics;
import parley.live.LocalBus;
import parley.live.LocalPresence;
import parley.live.Presence;
import parley.live.SharedPresence;
import parley.live.Typists;
import parley.store.AccountStore;
import parley.store.Database;
import parley.store.JdbcMessageStore;
import parley.store.RoomStore;
import parley.store.SearchStore;
import parley.store.SessionStore;
import parley.store.Settings;
import parley.store.StoreUnavailable;
import parley.web.Health;
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
        } catch (StoreUnavailable e) {
            System.err.println("Parley could not open its database (" + where(config) + "): " + e.getMessage());
            System.exit(1);
            return;
        }
        // SIGTERM (and Ctrl-C): streams end cleanly, so browsers reconnect, to another node if there is one.
        Runtime.getRuntime().addShutdownHook(new Thread(parley::close, "parley-shutdown"));
        String host = config.host().equals("0.0.0.0") ? "localhost" : config.host();
        log.info("Parley is running: open http://{}:{}/ (messages in {})", host, parley.port(), where(config));
        log.info("Up to {} event streams ({})", String.format(java.util.Locale.ROOT, "%,d", parley.capacity().maxStreams()),
                parley.capacity().reason());
        parley.metricsPort().ifPresent(port -> log.info("Metrics: GET http://{}:{}/metrics", host, port));
    }

    /** Where the messages are, for people: the SQLite file, or the PostgreSQL URL without its credentials. */
    private static String where(Config config) {
        if (config.clustered()) {
            String url = config.databaseUrl();
            return "PostgreSQL at " + (url.contains("?") ? url.substring(0, url.indexOf('?')) : url);
        }
        return config.data().toAbsolutePath().normalize().toString();
    }

    public static Parley start(Config config) {
        Parley parley = create(config);
        parley.start();
        return parley;
    }

    /**
     * Everything wired, nothing listening yet. Read it bottom-up as a message travels: stored by the store,
     * posted through chat, carried by the bus to each node's live feed, written by the web layer's streams.
     */
    public static Parley create(Config config) {
        Capacity capacity = Capacity.of(config.maxStreams());
        capacity.warnings().forEach(log::warn);
        Metrics metrics = Metrics.of(config);
        Database database = config.clustered() ? Database.postgres(config.databaseUrl()) : Database.sqlite(config.data());
        JdbcMessageStore store = new JdbcMessageStore(database, metrics.store());
        Templates templates = config.dev() ? Templates.hotReload(Path.of("templates")) : Templates.precompiled();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("parley-timer").factory());

        LiveMetrics liveMetrics = metrics.live();
        Hub hub = new Hub(liveMetrics);
        Bus bus;
        SharedPresence shared;
        if (config.clustered()) {
            Duration beat = PostgresPresence.beatFor(config.heartbeat());
            PostgresPresence postgresPresence = new PostgresPresence(database, timer, beat);
            shared = postgresPresence;
            bus = new PostgresBus(config.databaseUrl(), database.dataSource(), store, hub, postgresPresence, beat);
        } else {
            shared = new LocalPresence();
            bus = new LocalBus();
        }
        Presence presence = new Presence(hub, shared, templates, timer);
        hub.watch(presence);
        shared.start(presence);
        RoomStore roomStore = new RoomStore(database, metrics.store());
        Attention attention = new Attention(hub, roomStore, templates, timer);
        hub.watch(attention);
        LiveFeed feed = new LiveFeed(hub, templates, config.retryMillis(), config.queue(), liveMetrics, attention,
                new Typists(hub, templates, timer));
        bus.start(feed);
        Heartbeat.start(hub, timer, config.heartbeat());

        ChatMetrics chatMetrics = metrics.chat();
        RoomLocks locks = new RoomLocks(); // posts and the changes after them, in one order per room
        Posting posting = new Posting(store, bus, locks, Clock.systemUTC(), config.limits().maxMessageChars(), chatMetrics);
        Changing changing = new Changing(store, bus, locks, Clock.systemUTC(), config.limits().maxMessageChars());
        Following following = new Following(store, bus, feed, config.history(), chatMetrics);
        SessionStore sessionStore = new SessionStore(database, metrics.store());
        Sessions sessions = new Sessions(sessionStore, bus, Clock.systemUTC());
        StreamAudit.start(feed, sessionStore, timer);
        feed.whenSessionsEnd(sessions::forget); // what another node ended is forgotten here too
        HourlySweep.start(posting, sessions, timer);
        // At most one hash per core at once: a flood of sign-ins queues (briefly, then 503) instead of taking
        // every thread and a hash's memory per request.
        int cores = Runtime.getRuntime().availableProcessors();
        Passwords passwords = new Passwords(config.passwordHashing(), cores, Duration.ofSeconds(5));
        Accounts accounts = new Accounts(new AccountStore(database, metrics.store()), new Settings(database), sessions,
                passwords, Clock.systemUTC(), config.openSignup());
        Rooms rooms = new Rooms(store, roomStore, accounts, presence, bus,
                config.history(), Clock.systemUTC());
        Searching searching = new Searching(new SearchStore(database, metrics.store()),
                new AccountStore(database, metrics.store()));

        WebServer web = WebServer.create(
                new WebServer.Settings(config.host(), config.port(), config.heartbeat(), config.dev(),
                        config.trustForwarded(), config.limits(), capacity.maxStreams(), config.secureCookie()),
                posting, changing, following, rooms, new Reading(roomStore, bus), new Typing(bus, config.typingEvery()),
                accounts, sessions, searching, templates, new Health(store::problem), metrics.registry());
        return new Parley(web, bus, shared, database, timer, metrics, config.host(), config.metricsPort(), capacity);
    }
}
