package parley;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.chat.ChatService;
import parley.live.Hub;
import parley.live.LiveFeed;
import parley.live.Presence;
import parley.store.Database;
import parley.store.JdbcMessageStore;
import parley.store.Settings;
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
        Parley parley = start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(parley::close, "parley-shutdown"));
        String host = config.host().equals("0.0.0.0") ? "localhost" : config.host();
        log.info("Parley is running: open http://{}:{}/ (messages in {})", host, parley.port(),
                config.data().toAbsolutePath().normalize());
    }

    public static Parley start(Config config) {
        Parley parley = create(config);
        parley.start();
        return parley;
    }

    /** Everything wired, nothing listening yet. */
    public static Parley create(Config config) {
        HikariDataSource dataSource = Database.sqlite(config.data());
        JdbcMessageStore store = new JdbcMessageStore(dataSource);
        String secret = config.secret().isBlank() ? new Settings(dataSource).sessionSecret() : config.secret();
        Templates templates = config.dev() ? Templates.hotReload(Path.of("templates")) : Templates.precompiled();

        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("parley-timer").factory());
        Hub hub = new Hub();
        Presence presence = new Presence(hub, templates::presence, timer);
        hub.onMembershipChange(presence::changed);
        // A peer that vanished is only noticed on the second write after it left (the first one just draws
        // its reset), so every stream is pinged twice per period: a dead one is then gone within one heartbeat.
        schedulePings(hub, timer, config.heartbeat().dividedBy(2));
        ChatService chat = new ChatService(store, new LiveFeed(hub, templates::message), Clock.systemUTC(),
                config.history());

        WebServer.Settings web = new WebServer.Settings(config.host(), config.port(), config.heartbeat(),
                config.retryMillis(), config.queue(), config.dev());
        Javalin app = WebServer.create(web, chat, hub, presence, new Sessions(secret, Clock.systemUTC()), templates,
                new Health(store::isHealthy));
        return new Parley(app, dataSource, timer);
    }

    private static void schedulePings(Hub hub, ScheduledExecutorService timer, Duration period) {
        int slices = 8;
        long tick = Math.max(1, period.toMillis() / slices);
        AtomicInteger next = new AtomicInteger();
        timer.scheduleAtFixedRate(() -> hub.ping(next.getAndIncrement() % slices, slices), tick, tick,
                TimeUnit.MILLISECONDS);
    }
}
