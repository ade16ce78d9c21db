package parley.bench;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline: chat fan-out the way Javalin's documentation shows it. A set of {@link SseClient}s per
 * room, and the POST handler loops over them calling {@code sendEvent}. It speaks Parley's URLs so the
 * same load runs against both, renders the same kind of HTML, and (to its advantage) stores nothing.
 *
 * <p>Usage: {@code java -cp parley-bench.jar parley.bench.BaselineServer <port> <ping-seconds>}
 */
public final class BaselineServer {
    private static final Map<String, Set<SseClient>> ROOMS = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        long pingSeconds = Long.parseLong(args[1]);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/health", ctx -> ctx.result("ok\n"));
            // Signing up and in, as Parley's benchmark account does: any name and password will do.
            config.routes.post("/signup", BaselineServer::signIn);
            config.routes.post("/session", BaselineServer::signIn);
            config.routes.sse("/rooms/{room}/events", client -> {
                Set<SseClient> room = ROOMS.computeIfAbsent(client.ctx().pathParam("room"),
                        name -> ConcurrentHashMap.newKeySet());
                client.keepAlive();
                client.onClose(() -> room.remove(client));
                room.add(client);
            });
            config.routes.post("/rooms/{room}/messages", ctx -> {
                long id = IDS.incrementAndGet();
                String html = "<li class=\"message\" data-message-id=\"" + id + "\"><span class=\"author\">bench</span> "
                        + "<p class=\"text\">" + escape(ctx.formParam("text")) + "</p></li>";
                for (SseClient client : ROOMS.getOrDefault(ctx.pathParam("room"), Set.of())) {
                    client.sendEvent("message", html, String.valueOf(id));
                }
                ctx.html("<form></form>");
            });
        }).start("127.0.0.1", port);
        Executors.newSingleThreadScheduledExecutor().scheduleAtFixedRate(
                () -> ROOMS.values().forEach(room -> room.forEach(client -> client.sendComment("ping"))),
                pingSeconds, pingSeconds, TimeUnit.SECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
    }

    private static void signIn(Context ctx) {
        ctx.cookie("parley_session", "baseline");
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
