package parley.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Timing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.TestServer;

/**
 * Accounts as a team meets them in browsers: the first account is the admin, the others come by the invite
 * link, a private room stays out of sight of everyone not in it, two people message each other directly, and
 * an admin or the person themself can shut a browser out, which loses its live stream at once.
 */
class AccountsInTheBrowserTest extends BrowserTest {
    /** Invariant 8: an ended session or deactivated account loses its streams within a second. */
    static final double STREAM_CLOSES_WITHIN_MILLIS = 1000;
    static final String PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/126.0 Mobile Safari/537.36";

    /** The statuses a test provokes on purpose; Chromium logs each as a console error (see HostileInput…). */
    private final Set<Integer> refusalsProvoked = ConcurrentHashMap.newKeySet();
    private static final Pattern FAILED_LOAD =
            Pattern.compile("Failed to load resource: the server responded with a status of (\\d{3}) .*");

    @Override
    boolean expectedOutageError(String text) {
        Matcher failed = FAILED_LOAD.matcher(text);
        return failed.matches() && refusalsProvoked.contains(Integer.parseInt(failed.group(1)));
    }

    @Test
    void theFirstAccountIsTheAdminAndTheNextVisitorNeedsTheInviteLink() {
        server = TestServer.start("--open-signup=false");
        Page ada = newPage("ada", new Browser.NewContextOptions());
        ada.navigate(server.url("/"));
        assertThat(heading(ada)).hasText("Welcome to Parley");
        signUp(ada, "ada");

        assertThat(ada).hasURL(server.url("/"));
        assertThat(ada.locator(".me strong")).hasText("ada");
        ada.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Admin").setExact(true)).click();
        assertThat(ada).hasURL(server.url("/admin"));
        assertThat(heading(ada)).hasText("Admin");
        assertThat(ada.locator("#invite-link").inputValue()).matches(Pattern.quote(server.url("/join/")) + "[0-9a-f]{16,}");
        assertThat(ada.locator("li[data-person='ada'] .meta")).hasText("admin");

        Page visitor = newPage("visitor", new Browser.NewContextOptions());
        visitor.navigate(server.url("/"));
        assertThat(heading(visitor)).hasText("Sign in to Parley");
        assertThat(visitor.locator("#signup-name")).hasCount(0);
        assertThat(visitor.locator("main")).containsText("Ask someone on the team for the invite link");
    }

    @Test
    void theInviteLinkMakesAMemberAndTheOldLinkStopsWorkingOnceRotated() {
        server = TestServer.start("--open-signup=false");
        refusalsProvoked.addAll(List.of(403, 404));
        Page ada = firstAdmin("ada");
        ada.navigate(server.url("/admin"));
        String invite = ada.locator("#invite-link").inputValue();

        Page bob = newPage("bob", new Browser.NewContextOptions());
        bob.navigate(invite);
        assertThat(heading(bob)).hasText("Join Parley");
        signUp(bob, "bob");
        assertThat(bob).hasURL(server.url("/"));
        assertThat(bob.locator(".me strong")).hasText("bob");
        assertThat(bob.locator("header a[href='/admin']")).hasCount(0);
        assertThat(bob.navigate(server.url("/admin")).status()).as("a member asking for /admin").isEqualTo(403);
        ada.reload();
        assertThat(ada.locator("li[data-person='bob'] .meta")).hasText("member");

        // Carol opens the link, and before she sends the form the admin makes a new one.
        Page carol = newPage("carol", new Browser.NewContextOptions());
        carol.navigate(invite);
        ada.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Make a new link")).click();
        assertThat(ada.locator(".notice")).hasText("The invite link is new. The old one no longer works.");
        String fresh = ada.locator("#invite-link").inputValue();
        assertThat(fresh).isNotEqualTo(invite).startsWith(server.url("/join/"));

        signUp(carol, "carol");
        assertThat(carol.locator("main .error")).containsText("This invite link is not valid any more");
        assertThat(carol.locator(".me")).hasCount(0);
        assertThat(carol.context().cookies()).as("no session cookie was set").isEmpty();
        Response old = carol.navigate(invite);
        assertThat(old.status()).as("the old link").isEqualTo(404);
        assertThat(heading(carol)).hasText("Invite link not valid");
        assertThat(carol.locator("#signup-name")).hasCount(0);

        carol.navigate(fresh);
        signUp(carol, "carol");
        assertThat(carol.locator(".me strong")).hasText("carol");
    }

    @Test
    void aPrivateRoomIsOutOfSightOfEveryoneNotInItUntilAMemberAddsThem() {
        server = TestServer.start();
        refusalsProvoked.add(404);
        Page alice = person("alice", "lobby");
        Page bob = person("bob", "lobby");
        Page carol = person("carol", "lobby");

        alice.navigate(server.url("/"));
        alice.locator("#private-name").fill("leads");
        alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create private room")).click();
        assertThat(alice).hasURL(server.url("/rooms/leads"));
        assertThat(alice.locator("h1.room-name")).containsText("#leads");
        assertThat(alice.locator("#rooms li[data-room='leads']")).containsText("private");
        send(alice, "plans for next quarter");
        assertThat(alice.locator("#messages .message .text")).hasText(new String[] {"plans for next quarter"});

        assertCannotSee(carol, "leads");
        assertCannotSee(bob, "leads");

        alice.locator("#member-name").fill("bob");
        alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add").setExact(true)).click();
        assertThat(alice.locator(".members li")).hasText(new String[] {"alice", "bob"});
        bob.navigate(server.url("/"));
        bob.locator("#rooms li[data-room='leads'] a").click();
        assertThat(bob).hasURL(server.url("/rooms/leads"));
        assertThat(bob.locator("#messages .message .text")).hasText(new String[] {"plans for next quarter"});
        assertCannotSee(carol, "leads"); // still: adding bob told carol nothing

        bob.locator("#member-name").fill("carol"); // any member adds members
        bob.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add").setExact(true)).click();
        assertThat(bob.locator(".members li")).hasText(new String[] {"alice", "bob", "carol"});
        carol.navigate(server.url("/"));
        carol.locator("#rooms li[data-room='leads'] a").click();
        assertThat(carol).hasURL(server.url("/rooms/leads"));
        assertThat(carol.locator("#messages .message .text")).hasText(new String[] {"plans for next quarter"});
        send(alice, "welcome, both");
        assertThat(carol.locator("#messages .message .text"))
                .hasText(new String[] {"plans for next quarter", "welcome, both"});
    }

    @Test
    void twoPeopleMessageEachOtherDirectlyAndTheMessagesArriveLive() {
        server = TestServer.start();
        Page alice = person("alice", "lobby");
        Page bob = person("bob", "lobby");

        alice.navigate(server.url("/"));
        messageSomeone(alice, "bob");
        String direct = alice.url().substring(server.url("/rooms/").length());
        assertThat(alice).hasURL(server.url("/rooms/" + direct));
        assertThat(alice.locator("h1.room-name")).containsText("bob");
        assertThat(directMessage(alice, direct)).hasText("bob");
        send(alice, "psst, Bob");

        bob.navigate(server.url("/"));
        // Unread for bob: the link says so in words, and the badge shows the count.
        assertThat(directMessage(bob, direct).locator("a")).hasText("alice, 1 unread");
        assertThat(directMessage(bob, direct)).hasAttribute("data-unread", "1");
        messageSomeone(bob, "alice"); // "Message alice": the same two people always land in the same room
        assertThat(bob).hasURL(server.url("/rooms/" + direct));
        assertThat(bob.locator("#messages .message .text")).hasText(new String[] {"psst, Bob"});

        send(alice, "are you there?");
        assertThat(bob.locator("#messages .message .text")).hasText(new String[] {"psst, Bob", "are you there?"});
        send(bob, "yes!");
        assertThat(alice.locator("#messages .message .text"))
                .hasText(new String[] {"psst, Bob", "are you there?", "yes!"});
        assertThat(alice.locator("#messages .message .author")).hasText(new String[] {"alice", "alice", "bob"});
    }

    @Test
    void deactivatingSomeoneClosesTheirLivePageWithinASecondAndRefusesTheirNextRequest() {
        server = TestServer.start();
        refusalsProvoked.add(403);
        Page ada = firstAdmin("ada");
        Page mallory = person("mallory", "ops");
        Page wendy = person("wendy", "ops"); // in the same room, not deactivated: her page must carry on
        Client poster = server.signedIn("poster");
        poster.sayOk("ops", "before");
        for (Page page : List.of(mallory, wendy)) {
            assertThat(page.locator("#messages .message .text")).hasText(new String[] {"before"});
        }
        List<Request> malloryEnded = streamsEnded(mallory, "ops");
        List<Request> wendyEnded = streamsEnded(wendy, "ops");

        ada.navigate(server.url("/admin"));
        shutOut.add("mallory");
        Response deactivated = ada.waitForResponse(server.url("/admin/people/mallory/deactivate"),
                () -> ada.locator("li[data-person='mallory']")
                        .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Deactivate")).click());
        assertThat(deactivated.status()).isEqualTo(303);
        assertThat(ada.locator(".notice")).hasText("Deactivated: their sessions and streams have ended.");

        assertStreamEndedWithinASecondOf(mallory, malloryEnded, deactivated);
        poster.sayOk("ops", "after");
        assertThat(wendy.locator("#messages .message .text")).hasText(new String[] {"before", "after"});
        assertThat(wendyEnded).as("the stream of someone else in the room").isEmpty();

        // Her page's stream is refused when it reconnects, and the page goes to the sign-in form by itself.
        assertThat(heading(mallory)).hasText("Sign in to Parley", AFTER_A_RECONNECT);
        assertThat(mallory.getByText("after")).hasCount(0);
        assertThat(mallory.locator(".me")).hasCount(0);
        signIn(mallory, "mallory");
        assertThat(mallory.locator("#signin-error")).hasText(
                "This account has been deactivated. Ask an admin if you think that is a mistake.");
    }

    @Test
    void aSessionEndedFromTheAccountPageShutsTheOtherBrowserOut() {
        server = TestServer.start();
        Page phone = person("alice", "standup", new Browser.NewContextOptions().setUserAgent(PHONE));
        server.signedIn("bob").sayOk("standup", "morning");
        assertThat(phone.locator("#messages .message .text")).hasText(new String[] {"morning"});
        List<Request> phoneEnded = streamsEnded(phone, "standup");

        Page laptop = newPage("alice on her laptop", new Browser.NewContextOptions());
        laptop.navigate(server.url("/account"));
        signIn(laptop, "alice");
        assertThat(laptop).hasURL(server.url("/account"));
        Locator sessions = laptop.locator(".sessions li");
        assertThat(sessions).hasCount(2);
        Locator phoneSession = sessions.filter(new Locator.FilterOptions().setHasText("Pixel 8"));
        assertThat(phoneSession).not().containsText("(this browser)");

        shutOut.add("alice");
        Response ended = laptop.waitForResponse(Pattern.compile(".*/account/sessions/\\d+/end"), () -> phoneSession
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("End this session")).click());
        assertThat(ended.status()).isEqualTo(303);
        assertStreamEndedWithinASecondOf(phone, phoneEnded, ended);
        assertThat(sessions).hasCount(1);
        assertThat(sessions).containsText("(this browser)");
        assertThat(laptop.locator(".me strong")).hasText("alice");

        server.signedIn("bob").sayOk("standup", "anyone?");
        // The phone's page goes to the sign-in form by itself.
        assertThat(heading(phone)).hasText("Sign in to Parley", AFTER_A_RECONNECT);
        assertThat(phone.locator(".me")).hasCount(0);
        assertThat(phone.locator("#messages")).hasCount(0);
    }

    /** Long enough for the stream's reconnect (--retry, 2 s), its refusal and the page's reload. */
    private static final LocatorAssertions.HasTextOptions AFTER_A_RECONNECT =
            new LocatorAssertions.HasTextOptions().setTimeout(15_000);

    /** The first account on a fresh server: the admin. */
    private Page firstAdmin(String name) {
        Page page = newPage(name, new Browser.NewContextOptions());
        page.navigate(server.url("/"));
        assertThat(heading(page)).hasText("Welcome to Parley");
        signUp(page, name);
        assertThat(page.locator("header a[href='/admin']")).isVisible();
        return page;
    }

    /** Not in the sidebar, not on the home page, and its page is the fixed "No such room". */
    private void assertCannotSee(Page page, String room) {
        page.navigate(server.url("/"));
        assertThat(page.locator("#sidebar")).isVisible();
        assertThat(page.locator("#rooms li[data-room='" + room + "']")).hasCount(0);
        assertThat(page.locator("body")).not().containsText(room);
        Response response = page.navigate(server.url("/rooms/" + room));
        assertThat(response.status()).isEqualTo(404);
        assertThat(heading(page)).hasText("No such room");
        assertThat(page.locator("body")).not().containsText("plans for next quarter");
        assertThat(page.context().request().get(server.url("/rooms/" + room + "/events")).status())
                .as("the room's stream").isEqualTo(404);
    }

    private static void messageSomeone(Page page, String name) {
        page.locator("#direct-name").fill(name);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Message").setExact(true)).click();
    }

    /** The direct room in the sidebar, after the "Direct messages" heading. */
    private static Locator directMessage(Page page, String room) {
        return page.locator("#rooms li.group ~ li.direct[data-room='" + room + "']");
    }

    static Locator heading(Page page) {
        return page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1));
    }

    /** Collects the page's streams of the room that the server ends (the browser sees the response finish). */
    private static List<Request> streamsEnded(Page page, String room) {
        List<Request> ended = Collections.synchronizedList(new ArrayList<>());
        page.onRequestFinished(request -> {
            if (request.url().matches(".*/rooms/" + room + "/events(\\?after=\\d+)?(&page=[A-Za-z0-9_-]+)?")) {
                ended.add(request);
            }
        });
        return ended;
    }

    /**
     * The page's open stream was ended by the server within a second of the answer that shut it out, both
     * timed by the browser itself (so the test's own pace does not count). A stream that stayed open would
     * never finish, and this fails at its deadline.
     */
    private static void assertStreamEndedWithinASecondOf(Page page, List<Request> ended, Response shutOutBy) {
        page.waitForCondition(() -> !ended.isEmpty(), new Page.WaitForConditionOptions().setTimeout(5_000));
        Request stream = ended.get(0);
        assertThat(stream.response().status()).as("the stream that was open").isEqualTo(200);
        double endedAt = end(stream.timing());
        Timing answer = shutOutBy.request().timing();
        double answeredAt = answer.startTime + answer.responseStart; // its headers: the change was made by then
        assertThat(endedAt - answeredAt).as("ms from the answer to the stream's end")
                .isLessThanOrEqualTo(STREAM_CLOSES_WITHIN_MILLIS);
    }

    private static double end(Timing timing) {
        return timing.startTime + timing.responseEnd;
    }
}
