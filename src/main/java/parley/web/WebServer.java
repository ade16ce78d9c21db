package parley.web;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import parley.chat.Accounts;
import parley.chat.Changing;
import parley.chat.Following;
import parley.chat.HashingBusy;
import parley.chat.InvalidInput;
import parley.chat.NotAllowed;
import parley.chat.NoSuchRoom;
import parley.chat.Posting;
import parley.chat.Reading;
import parley.chat.Rooms;
import parley.chat.Searching;
import parley.chat.Sessions;
import parley.chat.Typing;
import parley.store.StoreUnavailable;

/**
 * Parley's HTTP side: Jetty tuned for thousands of open streams ({@link #jetty}), the route table
 * ({@link #routes}) and how errors are answered ({@link #errors}). HTTP only: the use cases are in chat.
 */
public final class WebServer {
    /** @param trustForwarded take the client's address and scheme from the proxy's X-Forwarded-* headers */
    /** @param maxStreams event streams this node holds at most; more are refused with 503 */
    /** @param secureCookie mark the session cookie Secure on every response (HTTPS in front) */
    public record Settings(String host, int port, Duration heartbeat, boolean dev, boolean trustForwarded,
                           Limits limits, int maxStreams, boolean secureCookie) {}

    /**
     * How long a stop waits for the requests in progress (and the streams it has ended) to finish before it
     * closes the connections under them. Short enough that a node stops well inside the 10 s that
     * {@code docker stop} allows after SIGTERM before it kills.
     */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    /** Jetty's request threads: pages, posts and opening a stream. Neither a stream nor a body on its way holds one. */
    public static final int REQUEST_THREADS = 64;

    /**
     * How long a request's body may take to arrive in full, from its headers on ({@link WholeBodies}); then it
     * gets a 408 and its connection is closed. A message is a few KB at most: on the slowest mobile link that
     * is a second or two.
     */
    public static final Duration BODY_DEADLINE = Duration.ofSeconds(10);

    private final Javalin app;

    private WebServer(Javalin app) {
        this.app = app;
    }

    /**
     * Where stream writers run: platform threads of their own, one per core, apart from Jetty's request
     * threads. The operating system then shares the CPU between posting and fan-out, so a post is never
     * queued behind the writes of the previous one, and under load each write carries several messages.
     */
    private static ForkJoinPool fanOutThreads() {
        return new ForkJoinPool(Runtime.getRuntime().availableProcessors(), pool -> {
            ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            thread.setName("parley-fanout-" + thread.getPoolIndex());
            thread.setDaemon(true);
            return thread;
        }, null, true);
    }

    /**
     * The proxy's X-Forwarded-For becomes the client address (for the per-address limits) and
     * X-Forwarded-Proto: https makes the request secure (for the Secure cookie). Nothing else: Jetty would
     * otherwise also believe {@code Forwarded}, {@code X-Forwarded-Host} and the rest, which a proxy that
     * only sets these two passes through from the client untouched, so a client could name its own address.
     */
    private static ForwardedRequestCustomizer forwardedForAndProtoOnly() {
        ForwardedRequestCustomizer forwarded = new ForwardedRequestCustomizer();
        forwarded.setForwardedHeader("");
        forwarded.setForwardedHostHeader("");
        forwarded.setForwardedServerHeader("");
        forwarded.setForwardedPortHeader("");
        forwarded.setForwardedHttpsHeader("");
        forwarded.setForwardedCipherSuiteHeader("");
        forwarded.setForwardedSslSessionIdHeader("");
        return forwarded;
    }

    /**
     * @param registry where the HTTP side's metrics go (refusals, streams, connections, threads); one that
     *                 keeps nothing when the node has no metrics port
     */
    public static WebServer create(Settings settings, Posting posting, Changing changing, Following following, Rooms rooms,
                                   Reading reading, Typing typing, Accounts accounts, Sessions sessions,
                                   Searching searching, Templates templates,
                                   Health health, MeterRegistry registry) {
        Limits limits = settings.limits();
        WebMetrics metrics = new WebMetrics(registry);
        SessionCookies cookies = new SessionCookies(sessions, settings.secureCookie());
        Sidebars sidebars = new Sidebars(rooms);
        RoomPages roomPages = new RoomPages(rooms, posting, sidebars, templates);
        Refusals refusals = new Refusals(cookies, sidebars, templates, roomPages);
        RoomDoor door = new RoomDoor(rooms, cookies);
        HomePage homePage = new HomePage(accounts, rooms, sidebars, cookies, templates);
        Throttle newRooms = throttle(limits, "rooms-per-person", limits.roomsPerPerson(), metrics);
        Throttle posts = throttle(limits, "posts-per-person", limits.postsPerPerson(), metrics);
        Controllers controllers = new Controllers(
                new HomeController(homePage, rooms, cookies, newRooms),
                new SignInController(accounts, sessions, cookies, homePage, templates,
                        throttle(limits, "sign-ins-per-name", limits.signInsPerName(), metrics),
                        throttle(limits, "sign-ins-per-address", limits.signInsPerAddress(), metrics),
                        throttle(limits, "sign-ups-per-address", limits.signUpsPerAddress(), metrics)),
                new RoomController(posting, rooms, reading, cookies, roomPages, posts, newRooms),
                new AttentionController(reading, typing, rooms, cookies, templates),
                new MessageController(changing, cookies, templates, sidebars, posts, posting.maxTextLength()),
                new AccountController(accounts, sessions, cookies, sidebars, templates),
                new AdminController(accounts, rooms, cookies, sidebars, templates),
                new PageLeaving(following, cookies),
                new SearchController(searching, cookies, sidebars, templates));
        ForkJoinPool fanOut = fanOutThreads();
        NodeStreams node = new NodeStreams(settings.maxStreams());
        metrics.watch(node);
        EventStreamHandler events = new EventStreamHandler(following, cookies, door, refusals, fanOut,
                throttle(limits, "streams-per-person", limits.streamsPerPerson(), metrics),
                new OpenStreams(limits.enforced() ? limits.openStreamsPerPerson() : 0), node, metrics,
                settings.heartbeat());
        Gate gate = new Gate(limits.maxBodyBytes());
        ClientMistakes mistakes = new ClientMistakes(Clock.systemUTC());
        WholeBodies bodies = new WholeBodies(limits.maxBodyBytes(), BODY_DEADLINE, mistakes, refusals);
        return new WebServer(Javalin.create(config -> {
            jetty(config, settings, events, bodies, new UnreadableRequests(refusals, mistakes), metrics, fanOut);
            config.events.serverStopped(fanOut::shutdown);
            countMistakesEveryMinute(config, mistakes);
            routes(config, settings, gate, door, controllers, health);
            errors(config, refusals, limits);
        }));
    }

    /** The route handlers, by page. */
    private record Controllers(HomeController home, SignInController signIn, RoomController room,
                               AttentionController attention, MessageController message, AccountController account,
                               AdminController admin, PageLeaving pageLeaving, SearchController search) {}

    private static void routes(JavalinConfig config, Settings settings, Gate gate, RoomDoor door,
                               Controllers controllers, Health health) {
        config.staticFiles.enableWebjars();
        config.staticFiles.add(files -> Assets.versioned(files, settings.dev()));
        config.staticFiles.add(files -> {
            files.hostedPath = "/static";
            files.directory = settings.dev() ? "static" : "/static";
            files.location = settings.dev() ? Location.EXTERNAL : Location.CLASSPATH;
        });
        HeadRequests.answerLikeGet(config); // before the first GET route: each gets its HEAD twin
        config.routes.before(SecurityHeaders::apply);
        config.routes.before(Compression::varyByEncoding);
        config.routes.before(gate::check);
        config.routes.before(door::check); // every /rooms/{room}/… path, before it is routed
        HomeController home = controllers.home();
        config.routes.get("/", home::home);
        config.routes.get("/rooms", home::openRoom);
        config.routes.post("/rooms", home::createRoom);
        config.routes.post("/direct", home::direct);
        SignInController signIn = controllers.signIn();
        config.routes.post("/session", signIn::signIn);
        config.routes.post("/signup", signIn::signUp);
        config.routes.get("/join/{code}", signIn::join);
        config.routes.post("/logout", signIn::signOut);
        RoomController room = controllers.room();
        config.routes.get("/rooms/{room}", room::page);
        config.routes.post("/rooms/{room}/messages", room::post);
        config.routes.get("/rooms/{room}/messages", room::older);
        config.routes.get("/rooms/{room}/messages/{id}", room::permalink);
        MessageController message = controllers.message();
        config.routes.post("/rooms/{room}/messages/{id}", message::edit);
        config.routes.get("/rooms/{room}/messages/{id}/edit", message::editForm);
        config.routes.post("/rooms/{room}/messages/{id}/delete", message::delete);
        config.routes.post("/rooms/{room}/messages/{id}/reactions", message::react);
        config.routes.post("/rooms/{room}/members", room::addMember);
        config.routes.post("/rooms/{room}/leave", room::leave);
        AttentionController attention = controllers.attention();
        config.routes.post("/rooms/{room}/read", attention::read);
        config.routes.post("/rooms/{room}/involvement", attention::involve);
        config.routes.post("/rooms/{room}/typing", attention::typing);
        config.routes.get("/rooms/{room}/mentions", attention::names);
        // GET and HEAD /rooms/{room}/events: EventStreamHandler, in front of Javalin
        config.routes.post("/rooms/{room}/events/{page}/end", controllers.pageLeaving()::end);
        AccountController account = controllers.account();
        config.routes.get("/account", account::page);
        config.routes.post("/account/password", account::changePassword);
        config.routes.post("/account/sessions/end-others", account::endOthers);
        config.routes.post("/account/sessions/{id}/end", account::endSession);
        AdminController admin = controllers.admin();
        config.routes.get("/admin", admin::page);
        config.routes.post("/admin/invite/rotate", admin::rotateInvite);
        config.routes.post("/admin/people/{name}/{action}", admin::person);
        config.routes.get("/search", controllers.search()::search);
        config.routes.get("/health", health::check);
    }

    /** Every refusal goes to {@link Refusals}; so do Javalin's own 404s, 405s and 413s. */
    private static void errors(JavalinConfig config, Refusals refusals, Limits limits) {
        config.routes.exception(Refusal.class, (e, ctx) -> refusals.render(ctx, e));
        config.routes.exception(NoSuchRoom.class, (e, ctx) -> refusals.render(ctx, Refusal.noSuchRoom(e.getMessage())));
        config.routes.exception(NotAllowed.class, (e, ctx) -> refusals.render(ctx, Refusal.forbidden(e.getMessage())));
        // Input a route does not answer with its own form (it says what was wrong on the page it came from).
        config.routes.exception(InvalidInput.class, (e, ctx) -> refusals.render(ctx,
                new Refusal(HttpStatus.UNPROCESSABLE_CONTENT, "Not accepted", e.getMessage())));
        // Sign-in, sign-up and a password change wait this long at most for a turn to hash (chat.Passwords).
        config.routes.exception(HashingBusy.class, (e, ctx) -> refusals.render(ctx, Refusal.unavailableFor(
                "Parley is busy checking passwords just now. Try again in " + Refusal.inWords(e.retryAfter()) + ".",
                e.retryAfter())));
        config.routes.exception(StoreUnavailable.class, (e, ctx) -> refusals.render(ctx, Refusal.unavailable(
                ctx.method() == HandlerType.POST && ctx.path().endsWith("/messages")
                        ? "Parley could not save your message just now. Try again in a moment."
                        : "Parley cannot reach its database just now. Try again in a moment.", e)));
        // A body sent without a length (chunked) that runs past the limit: Javalin refuses it as it reads.
        config.routes.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == HttpStatus.CONTENT_TOO_LARGE.getCode()) {
                refusals.render(ctx, Gate.tooLarge(limits.maxBodyBytes()));
            } else {
                MethodNotAllowed.allow(ctx, e);
                ctx.status(e.getStatus()).result(e.getMessage()); // Javalin's own answer, dressed by the error pages below
            }
        });
        config.routes.error(404, ctx -> {
            if (Htmx.answeredNothing(ctx)) {
                return; // an htmx answer for a message that is gone: empty on purpose, so it is removed
            }
            if (ctx.result() == null || ctx.result().isEmpty() || ctx.result().startsWith("Endpoint ")) {
                refusals.render(ctx, new Refusal(HttpStatus.NOT_FOUND, "Not found", "There is no page at " + ctx.path() + "."));
            }
        });
        config.routes.error(405, ctx -> refusals.render(ctx, new Refusal(HttpStatus.METHOD_NOT_ALLOWED,
                "Method not allowed", ctx.method() + " is not allowed on " + ctx.path() + ".")));
    }

    /**
     * Jetty, tuned for many long-lived streams and short requests.
     *
     * <p>Requests (pages, posts, opening a stream) are short, so a modest pool of platform threads serves
     * them; an open stream holds none. Virtual threads here were measured to make posts wait behind
     * fan-out (docs/benchmarks.md). Event streams are served in front of Javalin ({@link EventStreamHandler});
     * this also drops the StatisticsHandler Javalin puts there by default, which would wrap every write of
     * every stream.
     *
     * <p>A graceful stop: with a stop timeout Jetty's stop first shuts down every Graceful part at once, then
     * waits (up to the timeout) for them before it closes the connections. The connector stops accepting;
     * the EventStreamHandler ends the streams; the GracefulHandler answers new requests on open connections
     * with 503 and counts the ones in progress, streams included, until they finish. Without both (Javalin
     * sets neither) a stop closed the connection under a post in progress. Open idle connections are closed
     * after 1 s (Jetty's shutdown idle timeout).
     */
    private static void jetty(JavalinConfig config, Settings settings, EventStreamHandler events, WholeBodies bodies,
                              UnreadableRequests unreadable, WebMetrics metrics, ForkJoinPool fanOut) {
        config.startup.showJavalinBanner = false;
        config.http.prefer405over404 = true;
        config.http.maxRequestSize = settings.limits().maxBodyBytes();
        // A body is a form only when it says so (the Gate refuses any other type), never guessed.
        config.http.strictContentTypes = true;
        QueuedThreadPool threads = new QueuedThreadPool(REQUEST_THREADS, 8, 60_000);
        threads.setName("parley-http");
        config.jetty.threadPool = threads;
        config.jetty.modifyServer(server -> {
            // Streams first (they have neither a body nor an end); every other request has its form body read
            // before Javalin runs, and its response kept whole and sent after (WholeBodies, WholeResponses).
            EagerContentHandler readBodies = bodies.handler();
            readBodies.setHandler(new WholeResponses(WholeResponses.defaultBudget()));
            events.setHandler(readBodies); // Javalin attaches itself inside, as the innermost handler
            server.setHandler(new GracefulHandler(events));
            server.setStopTimeout(STOP_TIMEOUT.toMillis());
            server.setErrorHandler(unreadable);
        });
        config.jetty.addConnector((server, http) -> {
            if (settings.trustForwarded()) {
                http.addCustomizer(forwardedForAndProtoOnly());
            }
            // Javalin's LEGACY mode lets ambiguous paths (%2F, ..) through for its routes to refuse, which they do;
            // but not "%u0041" (an escape of Microsoft's, not of URLs), which its path decoding would throw on.
            http.setUriCompliance(http.getUriCompliance().without("Javalin's, without %u escapes",
                    UriCompliance.Violation.UTF16_ENCODINGS));
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(settings.host());
            connector.setPort(settings.port());
            // A stream writes at least a ping per heartbeat, so only a dead connection stays idle this long.
            connector.setIdleTimeout(Math.max(30_000, settings.heartbeat().toMillis() * 3));
            // Without a bound, Linux lets a connection's send buffer grow to megabytes: a client that stops
            // reading would hide minutes of messages in the kernel before its own queue even began to fill.
            // 64 KB (the kernel doubles it) is still hundreds of messages, and plenty for pages and scripts.
            connector.setAcceptedSendBufferSize(64 * 1024);
            metrics.watch(threads, connector, fanOut);
            return connector;
        });
    }

    /** The counts of client mistakes, logged once a minute (and once more as the server stops). */
    private static void countMistakesEveryMinute(JavalinConfig config, ClientMistakes mistakes) {
        ScheduledExecutorService minutes = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("parley-log-counts").daemon().factory());
        config.events.serverStarted(() -> minutes.scheduleAtFixedRate(mistakes::flush,
                ClientMistakes.PERIOD.toSeconds(), ClientMistakes.PERIOD.toSeconds(), TimeUnit.SECONDS));
        config.events.serverStopped(() -> {
            minutes.shutdownNow();
            mistakes.flush();
        });
    }

    private static Throttle throttle(Limits limits, String limit, Limits.Rate rate, WebMetrics metrics) {
        return limits.enforced() ? Throttle.of(limit, rate, metrics) : Throttle.unlimited();
    }

    public void start() {
        app.start();
    }

    /** Stops gracefully: see {@link #jetty}. */
    public void stop() {
        app.stop();
    }

    public int port() {
        return app.port();
    }

    /** The Javalin app, for tools such as javalin-testtools that start and stop it themselves. */
    public Javalin javalin() {
        return app;
    }
}
