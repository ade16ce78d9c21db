package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.Html;
import parley.support.TestServer;

/**
 * GET /search over HTTP (issue 16): it finds, marks the words and links each result to its permalink; it
 * follows edits and deletes; it shows a private room's messages to its members only, with nothing to tell a
 * hidden room's match from no match at all; and no query, however hostile, gets anything but results or a
 * 4xx that says why.
 */
class SearchTest {
    static TestServer server;
    static Client ann;
    static Client bob;
    static Client eve;

    @BeforeAll
    static void start() {
        server = TestServer.start("--limits", "off");
        ann = server.signedIn("ann");
        bob = server.signedIn("bob");
        eve = server.signedIn("eve");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> search(Client who, String query, String... more) {
        return who.get("/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + String.join("", more));
    }

    /** The ids of the results on a search page, in order. */
    static List<Long> results(HttpResponse<String> page) {
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return Html.messageIds(page.body());
    }

    private static final Pattern SUMMARY = Pattern.compile("<p id=\"search-summary\" role=\"status\">([^<]*)</p>");

    static String summary(HttpResponse<String> page) {
        Matcher m = SUMMARY.matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        return Html.unescape(m.group(1));
    }

    private static final Pattern MORE = Pattern.compile("<a id=\"more-results\" rel=\"next\" href=\"([^\"]*)\">More results</a>");

    static String more(HttpResponse<String> page) {
        Matcher m = MORE.matcher(page.body());
        return m.find() ? Html.unescape(m.group(1)) : null;
    }

    @Test
    void findsMarksTheWordsEscapesTheRestAndLinksToThePermalink() {
        long id = ann.post("ops-log", "the <b>deploy</b> is done & dusted");
        ann.post("ops-log", "unrelated chatter");

        HttpResponse<String> page = search(bob, "DEPLOY dusted");

        assertThat(results(page)).containsExactly(id);
        assertThat(summary(page)).isEqualTo("1 result shown, newest first.");
        assertThat(page.body())
                .contains("<a class=\"permalink snippet\" href=\"/rooms/ops-log/messages/" + id + "\">"
                        + "the &lt;b&gt;<mark>deploy</mark>&lt;/b&gt; is done &amp; <mark>dusted</mark></a>")
                .contains("<a class=\"in-room\" href=\"/rooms/ops-log\">#ops-log</a>")
                .contains("<span class=\"author\">ann</span>")
                .doesNotContain("<b>deploy");
        assertThat(page.body()).as("the search stays in the form").contains("value=\"DEPLOY dusted\"");
        assertThat(page.body()).contains("Search · Parley</title>"); // after an unread count, when there is one

        HttpResponse<String> permalink = bob.get("/rooms/ops-log/messages/" + id);
        assertThat(permalink.statusCode()).isEqualTo(200);
        assertThat(permalink.body()).contains("<li class=\"permalink-note\" id=\"permalinked\">");
        assertThat(Html.texts(permalink.body())).contains("the <b>deploy</b> is done & dusted");
    }

    @Test
    void theBoxIsInTheHeaderOfEverySignedInPageAndABlankSearchIsTheBoxAlone() {
        for (String path : List.of("/", "/rooms/lobby", "/account", "/search")) {
            assertThat(eve.get(path).body()).as(path)
                    .contains("<form id=\"search-box\" class=\"search-box\" action=\"/search\" method=\"get\" role=\"search\"");
        }
        assertThat(server.client().get("/").body()).as("signed out").doesNotContain("search-box");
        HttpResponse<String> blank = search(eve, "   ");
        assertThat(blank.statusCode()).isEqualTo(200);
        assertThat(blank.body()).contains("<form id=\"search\"").doesNotContain("search-summary", "id=\"results\"");
    }

    @Test
    void anEditedMessageIsFoundByItsNewTextNotItsOldAndADeletedOneNotAtAll() {
        long edited = ann.post("edits", "meeting moved to tuesdya");
        long deleted = ann.post("edits", "meeting notes nobody should read");
        assertThat(ann.edit("edits", edited, "meeting moved to wednesday").statusCode()).isEqualTo(200);
        assertThat(ann.delete("edits", deleted).statusCode()).isEqualTo(200);

        assertThat(results(search(bob, "tuesdya"))).isEmpty();
        assertThat(summary(search(bob, "tuesdya"))).isEqualTo("No messages match.");
        assertThat(results(search(bob, "wednesday"))).containsExactly(edited);
        assertThat(results(search(bob, "meeting in:edits"))).containsExactly(edited);
        assertThat(results(search(bob, "nobody should read"))).isEmpty();
    }

    @Test
    void aPrivateRoomsMessagesNeverShowToANonMemberNorTheirCountNorTheRoom() {
        Client vera = server.signedIn("vera"); // writes only where eve cannot read
        vera.postForm("/rooms", Map.of("name", "vault", "kind", "private"));
        List<Long> hidden = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            hidden.add(vera.post("vault", "okapi sighting number " + i));
        }
        long open = bob.post("zoo", "an okapi in the open");
        String direct = vera.postForm("/direct", Map.of("name", "bob")).headers().firstValue("Location").orElseThrow()
                .substring("/rooms/".length());
        long dm = vera.post(direct, "okapi, between us");

        assertThat(results(search(vera, "okapi"))).containsExactly(dm, open, hidden.get(2), hidden.get(1), hidden.get(0));
        assertThat(results(search(bob, "okapi"))).containsExactly(dm, open);
        assertThat(search(bob, "okapi").body()).as("a direct room by its people").contains(">vera</a>");
        HttpResponse<String> eves = search(eve, "okapi");
        assertThat(results(eves)).containsExactly(open);
        assertThat(summary(eves)).isEqualTo("1 result shown, newest first.");
        assertThat(eves.body()).doesNotContain("vault", "sighting", direct);
        assertThat(results(search(eve, "okapi", "&order=relevance"))).containsExactly(open);
        assertThat(results(search(eve, "from:vera"))).as("vera wrote only in rooms eve cannot read").isEmpty();

        // Probing the hidden room by name answers exactly as a room that does not exist does.
        Map<String, String> probes = Map.of("okapi in:#vault", "okapi in:#no-such-room", "in:vault", "in:no-such-room",
                "sighting", "zzzzzzzz", "\"okapi sighting\"", "\"okapi zzzzzzzz\"", "okapi from:vera", "okapi from:eve");
        probes.forEach((probe, nowhere) -> {
            HttpResponse<String> asked = search(eve, probe);
            assertThat(results(asked)).as(probe).isEmpty();
            assertThat(withoutQuery(asked.body())).as(probe).isEqualTo(withoutQuery(search(eve, nowhere).body()));
        });
    }

    /** A page with the search's own words taken out of it (they are echoed in the form and the sort links). */
    private static String withoutQuery(String page) {
        return page.replaceAll("value=\"[^\"]*\"", "value=\"\"").replaceAll("/search\\?q=[^\"&]*", "/search?q=");
    }

    @Test
    void probingAPrivateRoomTakesAsLongAsSearchingForNothing() {
        ann.postForm("/rooms", Map.of("name", "timing-vault", "kind", "private"));
        IntStream.range(0, 100).forEach(i -> ann.sayOk("timing-vault", "wombat report " + i));
        List<Long> probe = new ArrayList<>();
        List<Long> nothing = new ArrayList<>();
        for (int round = 0; round < 60; round++) { // alternated, so load from elsewhere falls on both alike
            probe.add(timed(() -> results(search(eve, "wombat"))));
            nothing.add(timed(() -> results(search(eve, "wambot"))));
        }
        long probeMedian = median(probe.subList(10, probe.size())); // the first rounds warm up the JIT
        long nothingMedian = median(nothing.subList(10, nothing.size()));
        assertThat(Math.abs(probeMedian - nothingMedian)).as("median µs: probe %d, nothing %d", probeMedian, nothingMedian)
                .isLessThan(Math.max(2_000, nothingMedian / 2));
    }

    private static long timed(Runnable search) {
        long start = System.nanoTime();
        search.run();
        return (System.nanoTime() - start) / 1000;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    @Test
    void moreResultsPagesNewestFirstAndByRelevanceAndSaysHowManyAreShown() {
        List<Long> ids = IntStream.range(0, 45).mapToObj(i -> ann.post("paging", "capybara " + i)).toList().reversed();

        HttpResponse<String> first = search(eve, "capybara");
        assertThat(results(first)).isEqualTo(ids.subList(0, 20));
        assertThat(summary(first)).isEqualTo("20 results shown, newest first.");
        HttpResponse<String> second = eve.get(more(first));
        assertThat(results(second)).isEqualTo(ids.subList(20, 40));
        HttpResponse<String> third = eve.get(more(second));
        assertThat(results(third)).isEqualTo(ids.subList(40, 45));
        assertThat(summary(third)).isEqualTo("5 results shown, newest first.");
        assertThat(more(third)).isNull();

        List<Long> ranked = new ArrayList<>();
        String next = "/search?q=capybara&order=relevance";
        while (next != null) {
            HttpResponse<String> page = eve.get(next);
            ranked.addAll(results(page));
            next = more(page);
        }
        assertThat(ranked).hasSize(45).doesNotHaveDuplicates();
        assertThat(summary(eve.get("/search?q=capybara&order=relevance&offset=20"))).isEqualTo("Results 21–40 shown, best matches first.");
        assertThat(eve.get("/search?q=capybara&order=relevance").body())
                .contains("<strong aria-current=\"true\">Best match</strong>")
                .contains("<a href=\"/search?q=capybara\">Newest first</a>")
                .contains("<input type=\"hidden\" name=\"order\" value=\"relevance\">");
    }

    @Test
    void fromAndInAloneListTheirMessagesAndAnUnknownNameIsSaid() {
        long mine = bob.post("filters", "first of bob's");
        ann.post("filters", "ann was here");
        long later = bob.post("filters", "second of bob's");

        assertThat(results(search(eve, "from:BOB in:#filters"))).containsExactly(later, mine);
        assertThat(results(search(eve, "from:@bob in:filters second"))).containsExactly(later);
        HttpResponse<String> nobody = search(eve, "from:zed");
        assertThat(results(nobody)).isEmpty();
        assertThat(nobody.body()).contains("Nobody here is called zed, so no message is from them.");
    }

    @Test
    void hostileSearchesGetResultsOrAReasonNeverAServerError() {
        ann.post("hostile", "NEAR AND OR NOT: all just words");
        for (String query : List.of("\"", "*", "NEAR", "AND", "-", ":", "NEAR(a b)", "a OR b", "\"unclosed", "' OR 1=1 --",
                "'; DROP TABLE messages; --", "%", "_", "\\", "{a b}", "a:b", "^a", "<script>alert(1)</script>",
                "in:#Bad_Name", "from:", "in:", "from:\"", "🎉", "\u0007")) {
            HttpResponse<String> page = search(eve, query);
            assertThat(page.statusCode()).as(query).isIn(200, 422);
            if (page.statusCode() == 422) {
                assertThat(page.body()).as(query).contains("<p id=\"search-error\" class=\"error\" role=\"alert\">");
            }
            assertThat(page.body()).as(query).doesNotContain("<script>alert");
        }
        assertThat(results(search(eve, "NEAR AND"))).hasSize(1);
        assertThat(results(search(eve, "' OR 1=1 --"))).as("OR is a word, 1 and 1 are words").isEmpty();
        assertThat(search(eve, "*").body()).contains("There is nothing to search for in that");
        assertThat(search(eve, "in:#Bad_Name").body()).contains("in:#Bad_Name is not a room name.");

        HttpResponse<String> tooLong = search(eve, "word ".repeat(120));
        assertThat(tooLong.statusCode()).isEqualTo(422);
        assertThat(tooLong.body()).contains("That search is 599 characters long; a search is at most 500.");
        assertThat(tooLong.body()).as("what was typed is kept").contains("value=\"word word");
        HttpResponse<String> tooMany = search(eve, "w ".repeat(30));
        assertThat(tooMany.statusCode()).isEqualTo(422);

        // 10 KB in the address is more than the request line Parley reads: refused before any route, in words.
        HttpResponse<String> huge = search(eve, "x".repeat(10 * 1024));
        assertThat(huge.statusCode()).isBetween(400, 499);
        assertThat(huge.body()).contains("Parley could not read this request");
    }

    @Test
    void badPageParametersAreRefusedWithWhatTheyTake() {
        for (String query : List.of("&order=sideways", "&before=-1", "&before=abc", "&offset=1.5", "&before=99999999999999999999")) {
            HttpResponse<String> page = search(eve, "word", query);
            assertThat(page.statusCode()).as(query).isEqualTo(400);
        }
        assertThat(search(eve, "word", "&order=sideways").body()).contains("order= is newest (the default) or relevance.");
        HttpResponse<String> deep = search(eve, "word", "&order=relevance&offset=5000");
        assertThat(deep.statusCode()).isEqualTo(422);
        assertThat(deep.body()).contains("Only the best 1000 matches are ranked");
        assertThat(results(search(eve, "word", "&before=0"))).as("nothing is below the first id").isEmpty();
    }

    @Test
    void signedOutABrowserIsSentToSignInAndOtherClientsGet401() {
        Client nobody = server.client();
        HttpResponse<String> page = nobody.get("/search?q=secret+plans", "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/?next=%2Fsearch%3Fq%3Dsecret%2Bplans");
        assertThat(nobody.get("/search?q=x", "Accept", "text/plain").statusCode()).isEqualTo(401);
        assertThat(nobody.get("/search?q=x", "HX-Request", "true").statusCode()).isEqualTo(401);
    }

    @Test
    void searchAnswersHeadAndRefusesOtherMethodsWithAllow() {
        HttpResponse<String> head = eve.send(eve.request("/search?q=x").method("HEAD",
                java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        HttpResponse<String> post = eve.postForm("/search", Map.of("q", "x"));
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
}
