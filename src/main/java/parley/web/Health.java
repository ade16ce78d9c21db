package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.function.BooleanSupplier;

/** GET /health — 200 while this node can serve (its store answers), 503 otherwise, for load balancers. */
public final class Health {
    private final BooleanSupplier storeHealthy;

    public Health(BooleanSupplier storeHealthy) {
        this.storeHealthy = storeHealthy;
    }

    void check(Context ctx) {
        ctx.contentType("text/plain; charset=utf-8");
        if (storeHealthy.getAsBoolean()) {
            ctx.result("ok\n");
        } else {
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).result("unavailable: the message store does not answer\n");
        }
    }
}
