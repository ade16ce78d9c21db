package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import parley.chat.InvalidInput;
import parley.chat.SearchResults;
import parley.chat.Searching;
import parley.chat.Viewer;
import parley.store.Found;
import parley.store.RoomKind;
import parley.store.SearchQuery.Order;
import parley.store.SearchStore;
import parley.web.Pages.Frame;

/**
 * GET /search?q=…[&order=relevance][&before={id}|&offset={n}]: a plain GET form, so it works without
 * JavaScript, a page a person can bookmark and the back button returns to.
 */
final class SearchController {
    private static final String RELEVANCE = "relevance";

    private final Searching searching;
    private final SessionCookies cookies;
    private final Sidebars sidebars;
    private final Templates templates;

    SearchController(Searching searching, SessionCookies cookies, Sidebars sidebars, Templates templates) {
        this.searching = searching;
        this.cookies = cookies;
        this.sidebars = sidebars;
        this.templates = templates;
    }

    /** GET /search */
    void search(Context ctx) {
        Viewer viewer = cookies.required(ctx);
        String query = ctx.queryParam("q") == null ? "" : ctx.queryParam("q");
        Order order = order(ctx.queryParam("order"));
        long before = whole(ctx.queryParam("before"), "before", Long.MAX_VALUE);
        int offset = (int) Math.min(Integer.MAX_VALUE, whole(ctx.queryParam("offset"), "offset", 0));
        Frame frame = new Frame("Search · Parley", viewer, sidebars.of(viewer, null));
        boolean relevance = order == Order.RELEVANCE;
        SearchResults results;
        try {
            results = searching.search(viewer, query, order, before, offset);
        } catch (InvalidInput e) {
            templates.respond(ctx, HttpStatus.UNPROCESSABLE_CONTENT, "search.jte", new SearchPage(frame, query, relevance,
                    e.getMessage(), null, List.of(), List.of(), null, null, null));
            return;
        }
        if (!results.anythingAsked()) {
            templates.respond(ctx, HttpStatus.OK, "search.jte",
                    new SearchPage(frame, query, relevance, null, null, List.of(), List.of(), null, null, null));
            return;
        }
        List<SearchPage.Result> shown = results.found().stream().map(SearchController::result).toList();
        templates.respond(ctx, HttpStatus.OK, "search.jte", new SearchPage(frame, query, relevance, null,
                summary(results, before != Long.MAX_VALUE || offset > 0), notes(results), shown, url(query, Order.NEWEST, null),
                url(query, Order.RELEVANCE, null), more(query, results)));
    }

    private static SearchPage.Result result(Found found) {
        String label = Sidebars.label(found.kind(), found.room(), found.others()); // as the sidebar shows the room
        return new SearchPage.Result(found.id(), found.room(), label, found.kind() == RoomKind.PRIVATE, found.author(),
                found.sentAt(), Snippets.html(found.snippet()));
    }

    /** How many are shown, and in which order. Never a total: counting every match would cost what the page saves. */
    static String summary(SearchResults results, boolean laterPage) {
        int shown = results.found().size();
        if (shown == 0) {
            return laterPage ? "No more messages match." : "No messages match.";
        }
        String order = results.order() == Order.RELEVANCE ? "best matches first" : "newest first";
        if (results.order() == Order.RELEVANCE && results.offset() > 0) {
            return "Results " + (results.offset() + 1) + "–" + (results.offset() + shown) + " shown, " + order + ".";
        }
        return shown + (shown == 1 ? " result" : " results") + " shown, " + order + ".";
    }

    private static List<String> notes(SearchResults results) {
        List<String> notes = new ArrayList<>();
        for (String name : results.nobody()) {
            notes.add("Nobody here is called " + name + ", so no message is from them.");
        }
        if (results.order() == Order.RELEVANCE && results.offset() + results.found().size() >= SearchStore.RANKED_WINDOW) {
            notes.add("Only the best matches among the newest " + SearchStore.RANKED_WINDOW
                    + " are ranked. Sort by newest first to go further back.");
        }
        return notes;
    }

    /** The next page: below the oldest shown (newest first), or after the ones shown (by relevance). */
    private static String more(String query, SearchResults results) {
        if (!results.more()) {
            return null;
        }
        return results.order() == Order.RELEVANCE
                ? url(query, Order.RELEVANCE, "offset=" + results.nextOffset())
                : url(query, Order.NEWEST, "before=" + results.nextBefore());
    }

    static String url(String query, Order order, String page) {
        return "/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + (order == Order.RELEVANCE ? "&order=" + RELEVANCE : "") + (page == null ? "" : "&" + page);
    }

    private static Order order(String value) {
        if (value == null || value.isEmpty() || value.equals("newest")) {
            return Order.NEWEST;
        }
        if (value.equals(RELEVANCE)) {
            return Order.RELEVANCE;
        }
        throw new Refusal(HttpStatus.BAD_REQUEST, "Which order?", "order= is newest (the default) or relevance.");
    }

    /** A paging parameter: a whole number of 0 or more, or {@code absent} when it is not there. */
    private static long whole(String value, String name, long absent) {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        return RoomController.messageId(value).orElseThrow(() -> new Refusal(HttpStatus.BAD_REQUEST, "Which page?",
                name + "= takes a whole number, as the \"More results\" link gives it. Search again to start from the "
                        + "first page."));
    }
}
