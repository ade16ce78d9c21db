package parley.web;

import io.javalin.http.Context;

/**
 * Javalin gzips a response when the client accepts it and the response is large enough (1,500 bytes) and of
 * a compressible type, but says nothing about that choice. Every response Javalin answers then carries
 * {@code Vary: Accept-Encoding} (RFC 9110 12.5.5), whether or not this one was compressed, so that a cache
 * never gives a gzipped copy to a client that did not ask for one, or a plain one where it could have been
 * smaller. (The event streams, answered in front of Javalin, are never compressed.)
 */
final class Compression {
    private Compression() {}

    static void varyByEncoding(Context ctx) {
        ctx.header("Vary", "Accept-Encoding");
    }
}
