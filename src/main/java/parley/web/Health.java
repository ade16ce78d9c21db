package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * GET /health — 200 while this node can serve, 503 otherwise with the reason in words (its store does not
 * answer, or refuses writes: "the disk holding the messages is full"), for load balancers and the people
 * reading them.
 */
public final class Health {
    private final Supplier<Optional<String>> problem;

    /** @param problem why this node cannot serve right now, or empty when it can */
    public Health(Supplier<Optional<String>> problem) {
        this.problem = problem;
    }

    void check(Context ctx) {
        ctx.contentType("text/plain; charset=utf-8");
        Optional<String> reason = problem.get();
        if (reason.isEmpty()) {
            ctx.result("ok\n");
        } else {
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).result("unavailable: " + reason.get() + "\n");
        }
    }
}
