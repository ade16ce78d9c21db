package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.util.Set;

/**
 * Refuses requests that change something (anything but GET, HEAD, OPTIONS) when a browser says they came
 * from another site: a page elsewhere cannot post into a room, sign someone in or out, in their name.
 * The same check as Go's {@code http.CrossOriginProtection} and Rails' and Django's origin checks:
 * <ol>
 *   <li>{@code Sec-Fetch-Site}, which every current browser sends and a page cannot forge, must be
 *       {@code same-origin} or {@code none} (typed into the address bar, a bookmark);</li>
 *   <li>a browser too old for that sends {@code Origin}, whose host must be this request's Host;</li>
 *   <li>with neither, the request is not from a browser (curl, a script) and cannot ride on anyone's
 *       cookie, so it passes.</li>
 * </ol>
 * The SameSite=Lax session cookie already keeps it off cross-site posts; this is the second lock, and the
 * one that also covers sibling subdomains, which count as the same site.
 */
final class CrossSiteGuard {
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private CrossSiteGuard() {}

    static boolean isCrossSite(Context ctx) {
        if (SAFE.contains(ctx.method())) {
            return false;
        }
        String fetchSite = ctx.header("Sec-Fetch-Site");
        if (fetchSite != null) {
            return !fetchSite.equals("same-origin") && !fetchSite.equals("none");
        }
        String origin = ctx.header("Origin");
        if (origin != null) {
            return !hostOf(origin).equalsIgnoreCase(ctx.host()); // "null" (a sandboxed page) has no host
        }
        return false;
    }

    /** "https://chat.example:8443" → "chat.example:8443"; anything unparsable matches no host. */
    private static String hostOf(String origin) {
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null) {
                return "";
            }
            return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
