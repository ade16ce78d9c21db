package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;

/**
 * A 405 must say which methods the address does take, in an Allow header (RFC 9110 15.5.6). Javalin works
 * them out when it refuses a method (with {@code prefer405over404}, from the routes on the path, HEAD routes
 * included: see {@link HeadRequests}) but only puts them in the exception's details, as
 * {@code "GET, HEAD"}; this copies them into the header.
 */
final class MethodNotAllowed {
    private MethodNotAllowed() {}

    static void allow(Context ctx, HttpResponseException e) {
        if (e instanceof MethodNotAllowedResponse) {
            // One entry, named for a person or a program depending on Accept; its value is the list.
            e.getDetails().values().stream().findFirst().ifPresent(methods -> ctx.header("Allow", methods));
        }
    }
}
