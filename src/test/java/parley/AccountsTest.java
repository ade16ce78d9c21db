package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.Html;
import parley.support.LogCapture;
import parley.support.TestServer;

/**
 * Accounts as a team meets them: the first account is the admin, the rest join by the invite link; sessions
 * can be seen and ended; a password change or a deactivation ends sessions and their streams at once; and
 * only a current admin can do admin things. Without --open-signup, as a real deployment runs.
 */
class AccountsTest {
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start("--open-signup=false", "--limits", "off");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theFirstAccountIsTheAdminAndAfterItSignUpNeedsTheInviteLink() {
        String home = server.client().get("/").body();
        assertThat(home).contains("Create the admin account").doesNotContain("action=\"/session\"");

        Client ann = server.signedIn("ann");
        assertThat(ann.get("/").body()).contains("href=\"/admin\"");
        assertThat(ann.get("/admin").statusCode()).isEqualTo(200);

        String afterFirst = server.client().get("/").body();
        assertThat(afterFirst).contains("action=\"/session\"", "Ask someone on the team for the invite link")
                .doesNotContain("action=\"/signup\"");
        HttpResponse<String> uninvited = signUp(server.client(), "mallory", null);
        assertThat(uninvited.statusCode()).isEqualTo(403);
        assertThat(uninvited.body()).contains("invite link is not valid");
        assertThat(signUp(server.client(), "mallory", "0".repeat(32)).statusCode()).isEqualTo(403);

        String link = inviteLink(ann);
        String code = link.substring(link.lastIndexOf('/') + 1);
        Client bob = server.client();
        HttpResponse<String> joinPage = bob.get("/join/" + code);
        assertThat(joinPage.statusCode()).isEqualTo(200);
        assertThat(joinPage.body()).contains("name=\"code\" value=\"" + code + "\"");
        assertThat(signUp(bob, "bob", code).statusCode()).isEqualTo(303);
        assertThat(bob.get("/").body()).as("a member has no admin link").contains("Signed in as <strong>bob</strong>")
                .doesNotContain("href=\"/admin\"");
        assertThat(bob.get("/admin").statusCode()).isEqualTo(403);

        assertThat(ann.postForm("/admin/invite/rotate", Map.of()).statusCode()).isEqualTo(303);
        assertThat(inviteLink(ann)).isNotEqualTo(link);
        assertThat(server.client().get("/join/" + code).statusCode()).as("the old link").isEqualTo(404);
        assertThat(signUp(server.client(), "carol", code).statusCode()).isEqualTo(403);
    }

    @Test
    void aWrongNameAndAWrongPasswordGetTheSameAnswer() {
        server.signedIn("ann");
        HttpResponse<String> wrongPassword = signIn(server.client(), "ann", "not her password");
        HttpResponse<String> noSuchName = signIn(server.client(), "nobody", "not her password");
        assertThat(wrongPassword.statusCode()).isEqualTo(noSuchName.statusCode()).isEqualTo(401);
        assertThat(error(wrongPassword.body())).isEqualTo(error(noSuchName.body()))
                .isEqualTo("That name or password is wrong.");
        assertThat(wrongPassword.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(signIn(server.client(), "ANN", Client.PASSWORD).statusCode()).as("names ignore case").isEqualTo(303);
    }

    @Test
    void theDatabaseKeepsNeitherPasswordsNorSessionTokens() throws Exception {
        Client ann = server.signedIn("ann");
        String token = ann.cookieHeader().substring(ann.cookieHeader().indexOf('=') + 1);
        ann.sayOk("lobby", "hello");
        server.close();
        String file = new String(Files.readAllBytes(server.data()), StandardCharsets.ISO_8859_1)
                + readIfThere(server.data().resolveSibling(server.data().getFileName() + "-wal"));
        assertThat(file).contains("$argon2id$").doesNotContain(Client.PASSWORD).doesNotContain(token);
        server = TestServer.startOn(server.data(), "--open-signup=false", "--limits", "off");
    }

    @Test
    void accountListsYourSessionsAndEndingOneSignsThatBrowserOutAndClosesItsStreams() {
        Client laptop = server.signedIn("ann");
        Client phone = server.client();
        assertThat(phone.postForm("/session", Map.of("name", "ann", "password", Client.PASSWORD),
                "User-Agent", "AnnPhone/1.0").statusCode()).isEqualTo(303);
        String account = laptop.get("/account").body();
        assertThat(account).contains("AnnPhone/1.0", "(this browser)");
        try (EventStream phoneStream = phone.events("lobby")) {
            phoneStream.next("reset");
            long phoneSession = otherSessionId(account);
            assertThat(laptop.postForm("/account/sessions/" + phoneSession + "/end", Map.of()).statusCode()).isEqualTo(303);
            assertThat(phoneStream.awaitEnd(Duration.ofSeconds(1))).as("the phone's stream, within a second").isTrue();
        }
        assertThat(phone.get("/rooms/lobby").statusCode()).as("the phone is signed out").isEqualTo(303);
        assertThat(phone.getStream("/rooms/lobby/events").statusCode()).isEqualTo(401);
        assertThat(laptop.get("/rooms/lobby").statusCode()).as("the laptop is not").isEqualTo(200);
        assertThat(laptop.postForm("/account/sessions/" + otherSessionIdOrZero(laptop) + "999/end", Map.of()).statusCode())
                .as("a session that is not yours").isEqualTo(404);
    }

    @Test
    void endingAllOtherSessionsKeepsOnlyThisOne() {
        Client one = server.signedIn("ann");
        Client two = server.signedIn("ann");
        Client three = server.signedIn("ann");
        assertThat(two.postForm("/account/sessions/end-others", Map.of()).statusCode()).isEqualTo(303);
        assertThat(one.get("/account").statusCode()).isEqualTo(303);
        assertThat(three.get("/account").statusCode()).isEqualTo(303);
        assertThat(two.get("/account").body()).contains("(this browser)");
    }

    @Test
    void changingThePasswordEndsEveryOtherSessionAndOnlyTheNewOneWorks() {
        Client laptop = server.signedIn("ann");
        Client phone = server.signedIn("ann");
        HttpResponse<String> wrong = laptop.postForm("/account/password",
                Map.of("password", "not the password", "new_password", "a brand new passphrase"));
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(wrong.body()).contains("Your current password is not that");
        HttpResponse<String> tooShort = laptop.postForm("/account/password",
                Map.of("password", Client.PASSWORD, "new_password", "short"));
        assertThat(tooShort.statusCode()).isEqualTo(422);
        assertThat(phone.get("/account").statusCode()).as("nothing changed yet").isEqualTo(200);

        assertThat(laptop.postForm("/account/password",
                Map.of("password", Client.PASSWORD, "new_password", "a brand new passphrase")).statusCode()).isEqualTo(303);
        assertThat(phone.get("/account").statusCode()).as("the other session ended").isEqualTo(303);
        assertThat(laptop.get("/account").statusCode()).isEqualTo(200);
        assertThat(signIn(server.client(), "ann", Client.PASSWORD).statusCode()).isEqualTo(401);
        assertThat(signIn(server.client(), "ann", "a brand new passphrase").statusCode()).isEqualTo(303);
    }

    @Test
    void deactivatingSomeoneEndsTheirStreamsAtOnceAndTheyCannotSignInUntilReactivated() {
        Client ann = server.signedIn("ann");
        Client bob = invite(ann, "bob");
        try (EventStream bobs = bob.events("lobby")) {
            bobs.next("reset");
            assertThat(ann.postForm("/admin/people/bob/deactivate", Map.of()).statusCode()).isEqualTo(303);
            assertThat(bobs.awaitEnd(Duration.ofSeconds(1))).as("bob's stream, within a second").isTrue();
        }
        assertThat(bob.get("/rooms/lobby").statusCode()).isEqualTo(303);
        assertThat(bob.say("lobby", "still here?").statusCode()).isEqualTo(401);
        HttpResponse<String> signIn = signIn(server.client(), "bob", Client.PASSWORD);
        assertThat(signIn.statusCode()).isEqualTo(403);
        assertThat(signIn.body()).contains("deactivated");
        assertThat(ann.get("/admin").body()).contains("deactivated");

        assertThat(ann.postForm("/admin/people/bob/reactivate", Map.of()).statusCode()).isEqualTo(303);
        assertThat(signIn(server.client(), "bob", Client.PASSWORD).statusCode()).isEqualTo(303);
        assertThat(ann.postForm("/admin/people/ann/deactivate", Map.of()).statusCode())
                .as("an admin cannot lock themselves out").isEqualTo(422);
    }

    @Test
    void onlyACurrentAdminCanDoAdminThingsEvenFromAPageLoadedBefore() {
        Client ann = server.signedIn("ann");
        Client bob = invite(ann, "bob");
        Client carol = invite(ann, "carol");
        assertThat(bob.postForm("/admin/people/carol/deactivate", Map.of()).statusCode()).as("a member").isEqualTo(403);
        assertThat(bob.postForm("/admin/invite/rotate", Map.of()).statusCode()).isEqualTo(403);

        assertThat(ann.postForm("/admin/people/bob/admin", Map.of()).statusCode()).isEqualTo(303);
        assertThat(bob.get("/admin").statusCode()).as("bob is an admin now").isEqualTo(200);
        assertThat(ann.postForm("/admin/people/bob/member", Map.of()).statusCode()).isEqualTo(303);
        // bob's /admin page is still open in his browser: its forms no longer work.
        HttpResponse<String> stale = bob.postForm("/admin/people/carol/deactivate", Map.of(), "Accept", "text/html");
        assertThat(stale.statusCode()).isEqualTo(403);
        assertThat(stale.body()).contains("Only an admin can do that.");
        assertThat(carol.get("/rooms/lobby").statusCode()).as("carol is still here").isEqualTo(200);
        assertThat(ann.postForm("/admin/people/nobody/deactivate", Map.of()).statusCode()).isEqualTo(422);
    }

    @Test
    void theLogNeverHoldsAPasswordOrASessionToken() {
        String secretPassword = "correct horse " + System.nanoTime();
        String log;
        String token;
        try (LogCapture capture = new LogCapture()) {
            Client ann = server.signedIn("ann");
            token = ann.cookieHeader().substring(ann.cookieHeader().indexOf('=') + 1);
            ann.postForm("/account/password", Map.of("password", Client.PASSWORD, "new_password", secretPassword));
            signIn(server.client(), "ann", secretPassword + " wrong");
            signIn(server.client(), "nobody", secretPassword);
            signUp(server.client(), "x".repeat(30), "and a code " + secretPassword);
            server.client().postForm("/signup", Map.of("name", "y", "password", secretPassword + "x".repeat(300)));
            ann.postForm("/account/sessions/end-others", Map.of(), "Origin", "https://evil.example");
            log = capture.text();
        }
        assertThat(log).doesNotContain(secretPassword).doesNotContain(Client.PASSWORD).doesNotContain(token);
    }

    @Test
    void everyNewFormRefusesAPostFromAnotherSite() {
        Client ann = server.signedIn("ann");
        ann.sayOk("lobby", "hello");
        for (String path : List.of("/signup", "/session", "/rooms", "/direct", "/rooms/lobby/members",
                "/rooms/lobby/leave", "/account/password", "/account/sessions/end-others", "/account/sessions/1/end",
                "/admin/invite/rotate", "/admin/people/ann/member")) {
            HttpResponse<String> forged = ann.postForm(path, Map.of("name", "x", "password", Client.PASSWORD),
                    "Origin", "https://evil.example");
            assertThat(forged.statusCode()).as(path).isEqualTo(403);
        }
        assertThat(ann.get("/account").statusCode()).as("still signed in").isEqualTo(200);
    }

    // ---- helpers ----

    /** A new person, invited by {@code admin}'s link. */
    private Client invite(Client admin, String name) {
        String link = inviteLink(admin);
        Client person = server.client();
        assertThat(signUp(person, name, link.substring(link.lastIndexOf('/') + 1)).statusCode()).isEqualTo(303);
        return person;
    }

    private static String inviteLink(Client admin) {
        Matcher m = Pattern.compile("id=\"invite-link\" value=\"([^\"]+)\"").matcher(admin.get("/admin").body());
        assertThat(m.find()).as("the invite link on /admin").isTrue();
        return Html.unescape(m.group(1));
    }

    private static HttpResponse<String> signUp(Client client, String name, String code) {
        return code == null
                ? client.postForm("/signup", Map.of("name", name, "password", Client.PASSWORD))
                : client.postForm("/signup", Map.of("name", name, "password", Client.PASSWORD, "code", code));
    }

    private static HttpResponse<String> signIn(Client client, String name, String password) {
        return client.postForm("/session", Map.of("name", name, "password", password));
    }

    private static String error(String page) {
        Matcher m = Pattern.compile("role=\"alert\">([^<]*)<").matcher(page);
        return m.find() ? m.group(1) : null;
    }

    /** The id of the first session on an /account page that is not "this browser". */
    private static long otherSessionId(String account) {
        Matcher m = Pattern.compile("action=\"/account/sessions/(\\d+)/end\"[^>]*>\\s*<button[^>]*>End this session")
                .matcher(account);
        assertThat(m.find()).as("another session on /account").isTrue();
        return Long.parseLong(m.group(1));
    }

    private static long otherSessionIdOrZero(Client client) {
        Matcher m = Pattern.compile("action=\"/account/sessions/(\\d+)/end\"").matcher(client.get("/account").body());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static String readIfThere(java.nio.file.Path file) throws java.io.IOException {
        return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1) : "";
    }
}
