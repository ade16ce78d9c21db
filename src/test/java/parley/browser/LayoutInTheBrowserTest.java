package parley.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.support.TestServer;

/**
 * The signed-in pages use the screen as a chat app does: rooms on the left, the conversation filling the
 * middle and the height, people on the right, long names wrapped rather than cut; on a phone the side panels
 * fold away behind the menu button and nothing scrolls sideways.
 */
class LayoutInTheBrowserTest extends BrowserTest {
    static final int WIDTH = 1280;
    static final int HEIGHT = 800;
    /** 24 characters, the most a name may have, with nowhere to break: wider than either side panel. */
    static final String LONG_NAME = "WilhelminaMontgomeryWood";

    @BeforeEach
    void startServer() {
        server = TestServer.start();
    }

    @Test
    void onADesktopTheRoomsTheConversationAndThePeopleFillTheWindow() {
        Browser.NewContextOptions desktop = new Browser.NewContextOptions().setViewportSize(WIDTH, HEIGHT);
        Page wilhelmina = person(LONG_NAME, "wide", desktop);
        Page alice = person("alice", "wide", desktop);
        alice.navigate(server.url("/"));
        alice.locator("#direct-name").fill(LONG_NAME);
        alice.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Message").setExact(true)).click();
        assertThat(alice.locator("h1.room-name")).containsText(LONG_NAME);
        alice.navigate(server.url("/rooms/wide"));
        send(alice, "hello");
        assertThat(wilhelmina.locator("#messages .message")).hasCount(1);
        alice.reload(); // the sidebar lists a room once it has a first message
        assertThat(alice.locator("#presence li")).hasCount(2);

        BoundingBox rooms = box(alice.locator("#sidebar"));
        BoundingBox messages = box(alice.locator("#messages"));
        BoundingBox people = box(alice.locator(".people"));
        BoundingBox compose = box(alice.locator("#compose"));
        assertThat(rooms.x).as("the rooms start at the window's left edge").isCloseTo(0, within(1.0));
        assertThat(rooms.x + rooms.width).as("then the conversation").isLessThanOrEqualTo(messages.x + 1);
        assertThat(messages.x + messages.width).as("then the people").isLessThanOrEqualTo(people.x + 1);
        assertThat(people.x + people.width).as("which end at the right edge").isCloseTo(WIDTH, within(1.0));
        assertThat(messages.width).as("the conversation takes most of the width").isGreaterThan(WIDTH * 0.5);
        for (BoundingBox column : new BoundingBox[] {rooms, people, compose}) {
            assertThat(column.y + column.height).as("reaches the window's bottom").isCloseTo(HEIGHT, within(1.0));
        }
        BoundingBox typing = box(alice.locator("#typing"));
        assertThat(typing.y).as("who is typing, right below the messages").isCloseTo(messages.y + messages.height, within(5.0));
        assertThat(compose.y).as("then the form").isCloseTo(typing.y + typing.height, within(2.0));
        assertNoSidewaysScroll(alice);

        Locator longPresent = alice.locator("#presence li").filter(new Locator.FilterOptions().setHasText(LONG_NAME));
        Locator shortPresent = alice.locator("#presence li").filter(new Locator.FilterOptions().setHasText("alice"));
        assertWrappedWhole(longPresent, LONG_NAME, box(shortPresent).height);
        Locator longRoom = alice.locator("#rooms li.direct a");
        assertWrappedWhole(longRoom, LONG_NAME, box(alice.locator("#rooms li[data-room='wide'] a")).height);
        assertThat(box(longRoom).x + box(longRoom).width).isLessThanOrEqualTo(rooms.x + rooms.width);
    }

    @Test
    void onAPhoneTheSidePanelsFoldBehindTheMenuButtonAndNothingScrollsSideways() {
        server.signedIn("ann").sayOk("pocket", "a room with a first message, so it is in the sidebar");
        Page page = person("phone", "pocket", new Browser.NewContextOptions().setViewportSize(390, 844));
        send(page, "w".repeat(2000)); // one unbroken line, the widest thing a message can be
        assertThat(page.locator("#messages .message")).hasCount(2);
        Locator menu = page.locator("header button.menu[aria-controls=sidebar]");
        assertThat(menu).isVisible();
        assertThat(menu).hasAttribute("aria-expanded", "false");
        assertThat(page.locator("#sidebar")).isHidden();
        assertThat(page.locator(".people")).isHidden();
        assertThat(page.locator("#compose textarea")).isInViewport();
        assertNoSidewaysScroll(page);

        menu.click();
        assertThat(menu).hasAttribute("aria-expanded", "true");
        assertThat(page.locator("#sidebar #rooms li[data-room='pocket']")).isVisible();
        assertThat(page.locator("#presence li")).hasText(new String[] {"phone"}); // ann posted over HTTP: not here
        assertNoSidewaysScroll(page);

        menu.click();
        assertThat(menu).hasAttribute("aria-expanded", "false");
        assertThat(page.locator("#sidebar")).isHidden();
    }

    @Test
    void onAPhoneWithoutJavaScriptTheRoomsStackAboveTheRoom() {
        server.signedIn("ann").sayOk("pocket", "a room with a first message, so it is in the sidebar");
        Page page = person("plain", "pocket",
                new Browser.NewContextOptions().setViewportSize(390, 844).setJavaScriptEnabled(false));
        assertThat(page.locator("header button.menu")).isHidden(); // it would do nothing without script
        assertThat(page.locator("#sidebar #rooms li[data-room='pocket']")).isVisible();
        assertThat(page.locator("#presence")).isVisible();
        assertThat(box(page.locator("#sidebar")).y).isLessThan(box(page.locator("#messages")).y);
        assertThat(page.locator("#compose textarea")).isInViewport();
        assertNoSidewaysScroll(page);
    }

    static BoundingBox box(Locator locator) {
        // Measured again until it answers: the stream's presence event may swap the list in (a new element
        // for the same name) just as it is measured, and the element measured is then no longer there.
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(locator).isVisible();
        BoundingBox box = parley.support.Poll.until(locator::boundingBox, java.util.Objects::nonNull,
                java.time.Duration.ofSeconds(5));
        assertThat(box).as("%s is laid out", locator).isNotNull();
        return box;
    }

    static void assertNoSidewaysScroll(Page page) {
        Object scroll = page.evaluate(
                "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]");
        java.util.List<?> widths = (java.util.List<?>) scroll;
        assertThat(((Number) widths.get(0)).intValue()).as("the page's scroll width")
                .isLessThanOrEqualTo(((Number) widths.get(1)).intValue());
    }

    /** The whole name is shown, on more than one line, and nothing of it is cut off or hidden. */
    static void assertWrappedWhole(Locator element, String name, double oneLine) {
        assertThat(element).hasText(name);
        assertThat(box(element).height).as("%s wraps", element).isGreaterThan(oneLine * 1.5);
        Object fits = element.evaluate("e => e.scrollWidth <= e.clientWidth");
        assertThat(fits).as("%s fits its width", element).isEqualTo(true);
    }
}
