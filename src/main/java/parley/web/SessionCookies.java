package parley.web;

import io.javalin.http.Context;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import parley.chat.Sessions;
import parley.chat.SignedIn;
import parley.chat.Viewer;

/**
 * The session cookie: it carries a session's random token, which {@link Sessions} looks up. The only place
 * that reads or writes the cookie. HttpOnly (no script reads it), SameSite=Lax (no other site's form sends
 * it), Secure when configured or over TLS.
 */
public final class SessionCookies {
    static final String COOKIE = "parley_session";
    private static final String VIEWER = "parley.viewer";
    /**
     * How long the browser keeps the cookie: as long as browsers allow (400 days). The session itself ends
     * on the server after {@link Sessions#IDLE_LIMIT} unused, however often it was used before; a cookie
     * that expired 30 days after sign-in would sign out someone who uses Parley every day.
     */
    private static final java.time.Duration KEPT = java.time.Duration.ofDays(400);

    private final Sessions sessions;
    private final boolean alwaysSecure;

    /** @param alwaysSecure mark the cookie Secure on every response: browsers reach Parley over HTTPS only */
    public SessionCookies(Sessions sessions, boolean alwaysSecure) {
        this.sessions = sessions;
        this.alwaysSecure = alwaysSecure;
    }

    /** Who is signed in on this request, looked up once per request. */
    Optional<Viewer> viewer(Context ctx) {
        Optional<Viewer> known = ctx.attribute(VIEWER);
        if (known == null) {
            known = sessions.find(ctx.cookie(COOKIE));
            ctx.attribute(VIEWER, known);
        }
        return known;
    }

    /** Who is signed in, for a route that has checked it already or that needs it (401/redirect otherwise). */
    Viewer required(Context ctx) {
        return viewer(ctx).orElseThrow(Refusal::signedOut);
    }

    /**
     * The viewer of a request on Jetty's core API (an event stream). The cookie is read from the Cookie
     * header directly: Jetty's Request.getCookies would cache every cookie in a map on the request, which
     * an open stream would keep for its whole life. Both the browsers' form ({@code a=1; b=2}) and the
     * older quoted one ({@code $Version="1", b="2"}, which Java's own HTTP client sends) are understood.
     */
    Optional<Viewer> viewer(Request request) {
        String prefix = COOKIE + "=";
        for (String header : request.getHeaders().getValuesList(HttpHeader.COOKIE)) {
            for (String pair : header.split("[;,]")) {
                String cookie = pair.strip();
                if (cookie.startsWith(prefix)) {
                    String value = cookie.substring(prefix.length());
                    // base64url, so a quoted value never has to be unescaped, only unquoted
                    return sessions.find(value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                            ? value.substring(1, value.length() - 1) : value);
                }
            }
        }
        return Optional.empty();
    }

    /** Sets the cookie of a session just started; this request's viewer is now its person. */
    void start(Context ctx, SignedIn signedIn) {
        setCookie(ctx, signedIn.token(), KEPT.toSeconds());
        ctx.attribute(VIEWER, Optional.of(signedIn.viewer()));
    }

    /** Clears the cookie (the session itself is ended by {@link Sessions}). */
    void clear(Context ctx) {
        setCookie(ctx, "", 0);
        ctx.attribute(VIEWER, Optional.empty());
    }

    private void setCookie(Context ctx, String value, long maxAgeSeconds) {
        // Secure when told so, or when this request came over TLS (directly, or through a proxy Parley trusts
        // to say so: --trust-forwarded). Not by default: on plain http://localhost the browser would drop it.
        boolean secure = alwaysSecure || ctx.req().isSecure();
        // Written by hand: the Servlet cookie API has no SameSite.
        ctx.res().addHeader("Set-Cookie", COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
    }
}
