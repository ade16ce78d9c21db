package parley.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;

/**
 * HEAD answers as GET does, without the content (RFC 9110 9.3.2: the same status and header fields).
 * Javalin answers a HEAD for a path that has only a GET route with an empty 200 of its own, text/plain,
 * whatever GET would have said, so every GET route gets a HEAD route with the same handler; Jetty then
 * sends its status and headers and drops the body. (The event streams are answered in front of Javalin:
 * see {@link EventStreamHandler}.)
 */
final class HeadRequests {
    private HeadRequests() {}

    /** Call before the routes are added: each GET route added after this gets its HEAD route with it. */
    static void answerLikeGet(JavalinConfig config) {
        config.events.handlerAdded(added -> {
            if (added.getHttpMethod() == HandlerType.GET) {
                config.routes.head(added.getPath(), added.getHandler());
            }
        });
    }
}
