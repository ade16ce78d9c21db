package parley;

import static org.assertj.core.api.Assertions.assertThat;
import static parley.support.MessageChanges.HTMX;
import static parley.support.MessageChanges.itemOf;
import static parley.support.MessageChanges.posted;
import static parley.support.MessageChanges.reactions;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.Html;
import parley.support.MessageChanges;
import parley.support.MessageChanges.Reaction;
import parley.support.TestServer;

/**
 * What a page renders for its viewer, so the controls work without JavaScript: on every message a reaction
 * palette, on the viewer's own an edit link and a delete button (an admin's: a delete button on every one),
 * and the viewer's own reactions pressed. Pages, scrollback fragments and permalinks alike; the stream's
 * fragments carry none of it, and the room page holds the controls parley.js copies onto them.
 */
class MessageControlsTest {
    static TestServer server;
    static Client admin;
    static Client alice;
    static Client bob;
    static long byAdmin;
    static long byAlice;
    static long byBob;

    @BeforeAll
    static void start() {
        server = TestServer.start("--limits", "off");
        admin = server.signedIn("admin"); // the first account is the admin
        alice = server.signedIn("alice");
        bob = server.signedIn("bob");
        byAdmin = posted(admin, "controls", "the admin's message");
        byAlice = posted(alice, "controls", "alice's message");
        byBob = posted(bob, "controls", "bob's message");
        assertThat(MessageChanges.react(bob, "controls", byAlice, "👍", HTMX).statusCode()).isEqualTo(200);
        assertThat(MessageChanges.react(alice, "controls", byAlice, "🎉", HTMX).statusCode()).isEqualTo(200);
        assertThat(MessageChanges.react(admin, "controls", byAlice, "👍", HTMX).statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** What a message's item offers its viewer: "react" always, then "edit" and "delete" when they may. */
    static List<String> controls(String room, String item) {
        int at = item.indexOf("<div class=\"controls\">");
        assertThat(at).as("every message on a page has controls: %s", item).isPositive();
        String controls = item.substring(at);
        List<String> offered = new java.util.ArrayList<>();
        long id = Html.messageIds(item).getFirst();
        String base = "/rooms/" + room + "/messages/" + id;
        if (controls.contains("<form method=\"post\" action=\"" + base + "/reactions\"")) {
            assertThat(Pattern.compile("name=\"emoji\" value=\"([^\"]+)\" aria-label").matcher(controls).results()
                    .map(m -> m.group(1)).toList()).as("the whole palette").isEqualTo(MessageChanges.PALETTE);
            offered.add("react");
        }
        if (controls.contains("<a class=\"edit\" href=\"" + base + "/edit\" data-hx-get=\"" + base + "/edit\"")) {
            offered.add("edit");
        }
        if (controls.contains("<form class=\"delete\" method=\"post\" action=\"" + base + "/delete\"")) {
            offered.add("delete");
        }
        assertThat(controls).as("no control for another message").doesNotContainPattern("/messages/(?!" + id + "/)\\d+/");
        return offered;
    }

    /** The controls of each message for its viewer, in {@code html}: author → what the viewer may do. */
    static Map<String, List<String>> offered(String html) {
        return Map.of(
                "admin", controls("controls", itemOf(html, byAdmin)),
                "alice", controls("controls", itemOf(html, byAlice)),
                "bob", controls("controls", itemOf(html, byBob)));
    }

    static final List<String> REACT = List.of("react");
    static final List<String> ALL = List.of("react", "edit", "delete");

    @Test
    void aPageOffersEditAndDeleteOnTheViewersOwnMessagesOnlyAndDeleteOnEveryOneToAnAdmin() {
        assertThat(offered(alice.get("/rooms/controls").body()))
                .isEqualTo(Map.of("admin", REACT, "alice", ALL, "bob", REACT));
        assertThat(offered(bob.get("/rooms/controls").body()))
                .isEqualTo(Map.of("admin", REACT, "alice", REACT, "bob", ALL));
        assertThat(offered(admin.get("/rooms/controls").body()))
                .isEqualTo(Map.of("admin", ALL, "alice", List.of("react", "delete"), "bob", List.of("react", "delete")));
    }

    @Test
    void scrollbackAndPermalinksCarryTheViewersControlsToo() {
        long after = byBob + 1;
        for (Client viewer : List.of(alice, bob)) {
            String fragment = viewer.get("/rooms/controls/messages?before=" + after, HTMX).body();
            String permalink = viewer.get("/rooms/controls/messages/" + byAdmin).body();
            String oldPage = viewer.get("/rooms/controls?before=" + after).body();
            for (String html : List.of(fragment, permalink, oldPage)) {
                Map<String, List<String>> offered = offered(html);
                assertThat(offered.get("admin")).isEqualTo(REACT);
                assertThat(offered.get(viewer == alice ? "alice" : "bob")).isEqualTo(ALL);
                assertThat(offered.get(viewer == alice ? "bob" : "alice")).isEqualTo(REACT);
            }
        }
        assertThat(offered(admin.get("/rooms/controls/messages?before=" + after, HTMX).body()))
                .isEqualTo(Map.of("admin", ALL, "alice", List.of("react", "delete"), "bob", List.of("react", "delete")));
    }

    @Test
    void theViewersOwnReactionsArePressedAndNobodyElses() {
        Map<String, Boolean> pressedFor = Map.of("alice", false, "bob", true, "admin", true);
        for (Client viewer : List.of(alice, bob, admin)) {
            String name = viewer == alice ? "alice" : viewer == bob ? "bob" : "admin";
            for (String html : List.of(viewer.get("/rooms/controls").body(),
                    viewer.get("/rooms/controls/messages?before=" + (byBob + 1), HTMX).body())) {
                Map<String, Reaction> shown = reactions(itemOf(html, byAlice));
                assertThat(shown).as(name).containsOnlyKeys("👍", "🎉");
                assertThat(shown.get("👍")).as(name).isEqualTo(Reaction.of(pressedFor.get(name), "bob", "admin"));
                assertThat(shown.get("🎉")).as(name).isEqualTo(Reaction.of(name.equals("alice"), "alice"));
                assertThat(html).as("%s has reacted once: one pressed button", name).containsOnlyOnce("aria-pressed=\"true\"");
            }
        }
    }

    @Test
    void theRoomPageHoldsTheControlsTemplateForTheStreamsMessages() {
        for (Client viewer : List.of(alice, admin)) {
            String page = viewer.get("/rooms/controls").body();
            Matcher template = Pattern.compile("<template id=\"message-controls\">(.*?)</template>", Pattern.DOTALL).matcher(page);
            assertThat(template.find()).as("the page has the template").isTrue();
            String controls = template.group(1).strip();
            assertThat(controls).startsWith("<div class=\"controls\">")
                    .contains("action=\"/rooms/controls/messages/0/reactions\"", "href=\"/rooms/controls/messages/0/edit\"",
                            "action=\"/rooms/controls/messages/0/delete\"");
            assertThat(Pattern.compile("name=\"emoji\" value=\"([^\"]+)\"").matcher(controls).results().map(m -> m.group(1))
                    .toList()).isEqualTo(MessageChanges.PALETTE);
            assertThat(page).containsOnlyOnce("<template id=\"message-controls\">");
        }
    }

    @Test
    void theEditFormIsAPageWithoutHtmxAndTheMessagesPlaceWithItAndCancelPutsTheMessageBack() {
        long id = posted(alice, "controls-edit", "<b>\"quoted\"</b> & more");
        HttpResponse<String> page = MessageChanges.editForm(alice, "controls-edit", id);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body().strip()).startsWith("<!DOCTYPE html>").contains("Edit your message in #controls-edit")
                .contains("<form class=\"editor stack\" method=\"post\" action=\"/rooms/controls-edit/messages/" + id + "\"")
                .contains(">&lt;b&gt;\"quoted\"&lt;/b&gt; &amp; more</textarea>")
                .doesNotContain("<b>\"quoted\"");

        HttpResponse<String> inline = MessageChanges.editForm(alice, "controls-edit", id, HTMX);
        assertThat(inline.statusCode()).isEqualTo(200);
        assertThat(inline.body()).startsWith("<li id=\"m-" + id + "\" class=\"message editing\" data-message-id=\"" + id
                        + "\" data-author=\"alice\">")
                .contains("data-hx-post=\"/rooms/controls-edit/messages/" + id + "\"",
                        ">&lt;b&gt;\"quoted\"&lt;/b&gt; &amp; more</textarea>")
                .doesNotContain("<!DOCTYPE");
        Matcher cancel = Pattern.compile("<a href=\"([^\"]+)\" data-hx-get=\"([^\"]+)\"[^>]*>Cancel</a>").matcher(inline.body());
        assertThat(cancel.find()).isTrue();
        HttpResponse<String> back = alice.get(cancel.group(2), HTMX);
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.body()).startsWith("<li id=\"m-" + id + "\" class=\"message\"").doesNotContain("data-hx-swap-oob");
        assertThat(Html.texts(back.body())).containsExactly("<b>\"quoted\"</b> & more");
        assertThat(controls("controls-edit", back.body())).isEqualTo(ALL);
        assertThat(alice.get(cancel.group(1)).body()).as("without htmx, Cancel is the permalink").contains("id=\"permalinked\"");
    }
}
