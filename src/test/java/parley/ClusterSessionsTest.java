package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;

/**
 * Accounts across two nodes on one PostgreSQL (issue 14): a session ended on one node is refused on the
 * other, and its streams there close within a second; a private room stays hidden from every node.
 */
class ClusterSessionsTest extends TwoNodes {
    /** The contract: "its open streams close within a second, on every node". */
    static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);
    private static final Pattern SESSION_ID = Pattern.compile("/account/sessions/(\\d+)/end");


    @Test
    void aSessionEndedOnOneNodeClosesItsStreamOnTheOtherAndIsRefusedThere() {
        Client phone = a.signedIn("alice");
        long phoneSession = onlySession(phone);
        Client laptop = a.signedIn("alice");
        try (EventStream phoneOnB = phone.on(b).events("lobby"); EventStream laptopOnB = laptop.on(b).events("lobby")) {
            phoneOnB.next("reset");
            laptopOnB.next("reset");

            HttpResponse<String> ended = laptop.postForm("/account/sessions/" + phoneSession + "/end", Map.of());
            assertThat(ended.statusCode()).as(ended.body()).isEqualTo(303);

            assertThat(phoneOnB.awaitEnd(WITHIN_A_SECOND)).as("the ended session's stream on the other node closed")
                    .isTrue();
            assertRefused(phone.on(b));
            assertRefused(phone);
            // Only that session ended: the laptop's stream goes on, and its cookie still works on both nodes.
            laptop.on(b).sayOk("lobby", "still here");
            assertThat(laptopOnB.next("message").data()).contains("still here");
            assertThat(laptop.on(b).get("/rooms/lobby").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void signingOutEverywhereElseOnOneNodeClosesThoseStreamsOnTheOther() {
        Client phone = a.signedIn("alice");
        Client tablet = b.signedIn("alice");
        Client laptop = a.signedIn("alice");
        try (EventStream phoneOnB = phone.on(b).events("lobby"); EventStream tabletOnB = tablet.events("lobby")) {
            phoneOnB.next("reset");
            tabletOnB.next("reset");

            assertThat(laptop.postForm("/account/sessions/end-others", Map.of()).statusCode()).isEqualTo(303);

            assertThat(phoneOnB.awaitEnd(WITHIN_A_SECOND)).as("phone's stream on the other node closed").isTrue();
            assertThat(tabletOnB.awaitEnd(WITHIN_A_SECOND)).as("tablet's stream on the other node closed").isTrue();
            assertRefused(phone.on(b));
            assertRefused(tablet);
            assertThat(laptop.on(b).get("/rooms/lobby").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anAccountDeactivatedOnOneNodeLosesItsStreamsOnTheOther() {
        Client admin = a.signedIn("admin"); // the first account
        Client bob = a.signedIn("bob");
        try (EventStream bobOnB = bob.on(b).events("lobby")) {
            bobOnB.next("reset");

            HttpResponse<String> deactivated = admin.postForm("/admin/people/bob/deactivate", Map.of());
            assertThat(deactivated.statusCode()).as(deactivated.body()).isEqualTo(303);

            assertThat(bobOnB.awaitEnd(WITHIN_A_SECOND)).as("the deactivated account's stream on the other node closed")
                    .isTrue();
            assertRefused(bob.on(b));
            HttpResponse<String> signIn = b.client().postForm("/session", Map.of("name", "bob", "password", Client.PASSWORD));
            assertThat(signIn.statusCode()).as("signing in again on the other node").isNotEqualTo(303);
        }
    }

    @Test
    void aPrivateRoomMadeOnOneNodeIsHiddenOnTheOtherUntilTheyAreAdded() {
        Client alice = a.signedIn("alice");
        Client bob = b.signedIn("bob");
        HttpResponse<String> created = alice.postForm("/rooms", Map.of("name", "secret", "kind", "private"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        assertThat(created.headers().firstValue("Location")).hasValue("/rooms/secret");
        alice.on(b).sayOk("secret", "just us");

        HttpResponse<String> page = bob.get("/rooms/secret");
        HttpResponse<String> unknownPath = bob.get("/rooms/secret/anything");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(unknownPath.statusCode()).isEqualTo(404);
        assertThat(unknownPath.body()).isEqualTo(page.body());
        assertThat(page.body()).doesNotContain("just us");
        assertThat(bob.getStream("/rooms/secret/events").statusCode()).isEqualTo(404);
        assertThat(bob.say("secret", "let me in").statusCode()).isEqualTo(404);
        assertThat(bob.get("/").body()).doesNotContain("secret");

        HttpResponse<String> added = alice.postForm("/rooms/secret/members", Map.of("name", "bob"));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(303);
        HttpResponse<String> nowMember = bob.get("/rooms/secret");
        assertThat(nowMember.statusCode()).isEqualTo(200);
        assertThat(nowMember.body()).contains("just us");
    }

    /** The id of the client's session, when it is the only one of its account (from /account). */
    private static long onlySession(Client client) {
        HttpResponse<String> account = client.get("/account");
        assertThat(account.statusCode()).isEqualTo(200);
        Matcher m = SESSION_ID.matcher(account.body());
        List<Long> ids = m.results().map(r -> Long.parseLong(r.group(1))).toList();
        assertThat(ids).hasSize(1);
        return ids.getFirst();
    }

    /** A cookie whose session ended: 401 on the stream, a redirect to sign in for a page. */
    private static void assertRefused(Client client) {
        assertThat(client.getStream("/rooms/lobby/events").statusCode()).as("stream").isEqualTo(401);
        HttpResponse<String> page = client.get("/rooms/lobby");
        assertThat(page.statusCode()).as("page").isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).startsWith("/"));
    }
}
