package parley.web;

import io.javalin.http.Context;

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
    private CrossSiteGuard() {}

    /** For a request that changes something: the Gate asks only then. */
    static boolean isCrossSite(Context ctx) {
        String fetchSite = ctx.header("Sec-Fetch-Site");
        if (fetchSite != null) {
            return !fetchSite.equals("same-origin") && !fetchSite.equals("none");
        }
        String origin = ctx.header("Origin");
        if (origin != null) {
            return !sameHost(origin, ctx.host());
        }
        return false;
    }

    /**
     * Whether an Origin ("https://chat.example:8443") names the Host the request was sent to
     * ("chat.example:8443"). Compared as text, scheme aside: a URI parser would reject host names it finds
     * unusual (an underscore, as in container names) and refuse genuine posts. "null", from a sandboxed
     * page, names no host.
     */
    static boolean sameHost(String origin, String host) {
        int scheme = origin.indexOf("://");
        return scheme > 0 && host != null && origin.substring(scheme + 3).equalsIgnoreCase(host);
    }
}
