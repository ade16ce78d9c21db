package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.Html;
import parley.support.TestServer;

/**
 * Private and direct rooms leak nothing to someone who is not a member: every path under such a room gives
 * them the same 404 as every other hidden room, and no list or count shows it. Members add members to a
 * private room; the same people always land in the same direct room.
 */
class PrivateRoomsTest {
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

    @Test
    void aPrivateRoomIsSeenByItsMembersOnlyUntilAMemberAddsSomeone() {
        assertThat(ann.postForm("/rooms", Map.of("name", "Plans", "kind", "private")).headers().firstValue("Location"))
                .hasValue("/rooms/plans");
        ann.sayOk("plans", "the secret plan");
        assertThat(sidebar(ann)).contains("plans");
        assertThat(eve.get("/rooms/plans").statusCode()).isEqualTo(404);
        assertThat(sidebar(eve)).doesNotContain("plans");
        assertThat(eve.get("/").body()).as("eve's home page").doesNotContain("plans");

        assertThat(ann.postForm("/rooms/plans/members", Map.of("name", "EVE")).statusCode()).isEqualTo(303);
        assertThat(Html.texts(eve.get("/rooms/plans").body())).containsExactly("the secret plan");
        assertThat(sidebar(eve)).contains("plans");
        try (EventStream evesStream = eve.events("plans")) {
            evesStream.next("reset");
            ann.sayOk("plans", "welcome, eve");
            assertThat(Html.texts(evesStream.next("message").data())).containsExactly("welcome, eve");
        }
        HttpResponse<String> nobody = ann.postForm("/rooms/plans/members", Map.of("name", "nobody-at-all"));
        assertThat(nobody.statusCode()).isEqualTo(422);
        assertThat(nobody.body()).contains("Nobody here is called nobody-at-all");
    }

    @Test
    void aNonMemberGetsOneAndTheSame404FromEveryPathOfEveryHiddenRoom() {
        ann.postForm("/rooms", Map.of("name", "hidden-one", "kind", "private"));
        ann.sayOk("hidden-one", "x");
        ann.postForm("/rooms", Map.of("name", "hidden-two", "kind", "private")); // empty: no message yet
        String direct = location(ann.postForm("/direct", Map.of("name", "bob")));

        List<String> rooms = List.of("/rooms/hidden-one", "/rooms/hidden-two", direct);
        String page = null;
        String plain = null;
        for (String room : rooms) {
            for (String path : List.of(room, room + "?before=5", room + "/messages?before=5", room + "/messages",
                    room + "/messages/1", room + "/read", room + "/no-such-thing", room + "/x/y")) {
                HttpResponse<String> got = eve.get(path, "Accept", "text/html");
                assertThat(got.statusCode()).as(path).isEqualTo(404);
                page = page == null ? got.body() : page;
                assertThat(got.body()).as("the same page for %s", path).isEqualTo(page);
            }
            for (String post : List.of(room + "/messages", room + "/members", room + "/leave", room + "/typing",
                    room + "/messages/1/delete")) {
                HttpResponse<String> got = eve.postForm(post, Map.of("text", "let me in", "name", "eve"), "HX-Request", "true");
                assertThat(got.statusCode()).as(post).isEqualTo(404);
                plain = plain == null ? got.body() : plain;
                assertThat(got.body()).as("the same answer for %s", post).isEqualTo(plain);
            }
            Client.Answer stream = eve.getStream(room + "/events");
            assertThat(stream.statusCode()).as(room + "/events").isEqualTo(404);
            assertThat(stream.body()).isEqualTo(plain);
        }
        assertThat(plain).doesNotContain("hidden", "let me in", "dm-");
        assertThat(Html.texts(ann.get("/rooms/hidden-one").body())).as("nothing was posted").containsExactly("x");
        // A name nobody has used is still an empty open room, and a bad name still says what names are.
        assertThat(eve.get("/rooms/never-used").statusCode()).isEqualTo(200);
        assertThat(eve.get("/rooms/Bad_Name").body()).contains("1–32 characters");
    }

    @Test
    void theSamePeopleAlwaysLandInTheSameDirectRoom() {
        String fromAnn = location(ann.postForm("/direct", Map.of("name", "bob")));
        String fromBob = location(bob.postForm("/direct", Map.of("name", "ANN")));
        assertThat(fromAnn).startsWith("/rooms/dm-").isEqualTo(fromBob);
        String room = fromAnn.substring("/rooms/".length());
        ann.sayOk(room, "hi bob");
        assertThat(Html.texts(bob.get(fromAnn).body())).containsExactly("hi bob");
        assertThat(sidebar(bob)).contains(room);
        assertThat(bob.get("/").body()).as("bob's sidebar names ann for it").contains(">ann</a>");
        assertThat(eve.get(fromAnn).statusCode()).isEqualTo(404);

        String threeOfUs = location(eve.postForm("/direct", Map.of("name", "ann"), "Content-Type",
                "application/x-www-form-urlencoded"));
        assertThat(threeOfUs).isNotEqualTo(fromAnn);
        HttpResponse<String> unknown = ann.postForm("/direct", Map.of("name", "nobody-at-all"));
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.body()).contains("Nobody here is called nobody-at-all");
    }

    @Test
    void roomNamesForDirectRoomsAndTakenNamesCannotBeCreated() {
        HttpResponse<String> reserved = ann.postForm("/rooms", Map.of("name", "dm-mine", "kind", "open"));
        assertThat(reserved.statusCode()).isEqualTo(422);
        assertThat(reserved.body()).contains("kept for direct messages");
        assertThat(ann.say("dm-squat", "mine now").statusCode()).isEqualTo(422);

        ann.sayOk("taken-name", "first");
        HttpResponse<String> taken = bob.postForm("/rooms", Map.of("name", "taken-name", "kind", "private"));
        assertThat(taken.statusCode()).isEqualTo(422);
        assertThat(taken.body()).contains("There is already a room called #taken-name");
        assertThat(bob.postForm("/rooms", Map.of("name", "odd-kind", "kind", "secret")).statusCode()).isEqualTo(422);
    }

    @Test
    void openingAnOpenRoomJoinsItAndLeavingTakesItOutOfTheSidebar() {
        ann.sayOk("open-house", "come in");
        assertThat(sidebar(bob)).doesNotContain("open-house");
        assertThat(bob.get("/rooms/open-house").statusCode()).isEqualTo(200);
        assertThat(sidebar(bob)).contains("open-house");
        assertThat(bob.postForm("/rooms/open-house/leave", Map.of()).statusCode()).isEqualTo(303);
        assertThat(sidebar(bob)).doesNotContain("open-house");
        assertThat(bob.get("/rooms/open-house").statusCode()).as("an open room may be opened again").isEqualTo(200);
    }

    private static List<String> sidebar(Client client) {
        String page = client.get("/").body();
        String rooms = page.substring(page.indexOf("id=\"rooms\""), page.indexOf("</ul>", page.indexOf("id=\"rooms\"")));
        return java.util.regex.Pattern.compile("data-room=\"([^\"]+)\"").matcher(rooms).results()
                .map(m -> m.group(1)).toList();
    }

    private static String location(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        return response.headers().firstValue("Location").orElseThrow();
    }
}
