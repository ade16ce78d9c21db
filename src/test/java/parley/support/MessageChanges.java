package parley.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person's changes to messages as their browser sends them (the edit, delete and reaction forms, plain or
 * with htmx), and reading one message's {@code <li>} out of a page, a fragment or a stream's event.
 */
public final class MessageChanges {
    /** The header htmx sends with each of its requests; pass it as a request's extra headers. */
    public static final String[] HTMX = {"HX-Request", "true"};

    /** The reactions of the palette, as the page's buttons send them. */
    public static final List<String> PALETTE = List.of("👍", "❤️", "😄", "🎉", "😮", "👀");

    private static final Pattern LOCATION_ID = Pattern.compile("#m-(\\d+)$");

    private MessageChanges() {}

    /** Posts {@code text} as a plain form (no htmx) and returns the new message's id, from the redirect to it. */
    public static long posted(Client client, String room, String text) {
        HttpResponse<String> response = client.postForm("/rooms/" + room + "/messages", Map.of("text", text));
        assertThat(response.statusCode()).as("post %s: %s", text, response.body()).isEqualTo(303);
        String location = response.headers().firstValue("Location").orElseThrow();
        Matcher id = LOCATION_ID.matcher(location);
        assertThat(id.find()).as("the redirect names the message: %s", location).isTrue();
        return Long.parseLong(id.group(1));
    }

    /** POST /rooms/{room}/messages/{id} with {@code text} (no field at all when it is null). */
    /** An event that changes the list a page shows: not the heartbeat, not who is here. */
    public static boolean isChange(EventStream.Event event) {
        return List.of("message", "update", "reset").contains(event.type());
    }

    /** The stream's next change (skipping presence), within five seconds. */
    public static EventStream.Event nextChange(EventStream stream) {
        return stream.next(MessageChanges::isChange, java.time.Duration.ofSeconds(5));
    }

    public static HttpResponse<String> edit(Client client, String room, Object id, String text, String... headers) {
        Map<String, String> form = new HashMap<>();
        if (text != null) {
            form.put("text", text);
        }
        return client.postForm("/rooms/" + room + "/messages/" + id, form, headers);
    }

    /** POST /rooms/{room}/messages/{id}/delete. */
    public static HttpResponse<String> delete(Client client, String room, Object id, String... headers) {
        return client.postForm("/rooms/" + room + "/messages/" + id + "/delete", Map.of(), headers);
    }

    /** POST /rooms/{room}/messages/{id}/reactions with {@code emoji} (no field at all when it is null). */
    public static HttpResponse<String> react(Client client, String room, Object id, String emoji, String... headers) {
        Map<String, String> form = new HashMap<>();
        if (emoji != null) {
            form.put("emoji", emoji);
        }
        return client.postForm("/rooms/" + room + "/messages/" + id + "/reactions", form, headers);
    }

    /** GET /rooms/{room}/messages/{id}/edit, the edit form. */
    public static HttpResponse<String> editForm(Client client, String room, Object id, String... headers) {
        return client.get("/rooms/" + room + "/messages/" + id + "/edit", headers);
    }

    /**
     * Message {@code id}'s {@code <li>} in this HTML, whole: it ends at the first {@code </li>} after it, which is
     * its own unless its text is a Markdown list (the tests' texts are not).
     */
    public static Optional<String> item(String html, long id) {
        Matcher item = Pattern.compile("<li id=\"m-" + id + "\"[^>]*>.*?</li>", Pattern.DOTALL).matcher(html);
        return item.find() ? Optional.of(item.group()) : Optional.empty();
    }

    /** Message {@code id}'s {@code <li>}; fails when the HTML has none. */
    public static String itemOf(String html, long id) {
        return item(html, id).orElseThrow(() -> new AssertionError("no <li id=\"m-" + id + "\"> in: " + html));
    }

    /** What the stream sends, and the page's list becomes, when message {@code id} is deleted: an item that removes it. */
    public static String deletion(long id) {
        return "<li id=\"m-" + id + "\" data-hx-swap-oob=\"delete\"></li>";
    }

    /**
     * The reaction buttons of a message's item, by emoji, as a person reads them (entities decoded). The title
     * names who reacted, in the order of {@code data-reactors}, the list parley.js reads.
     */
    public static Map<String, Reaction> reactions(String item) {
        Map<String, Reaction> found = new java.util.LinkedHashMap<>();
        int form = item.indexOf("<form class=\"reactions\"");
        if (form < 0) {
            return found;
        }
        String buttons = item.substring(form, item.indexOf("</form>", form));
        Matcher button = Pattern.compile("<button type=\"submit\" name=\"emoji\" value=\"([^\"]*)\" aria-pressed=\"(true|false)\" "
                + "title=\"([^\"]*)\" data-reactors=\"([^\"]*)\">([^<]*)</button>").matcher(buttons);
        while (button.find()) {
            String emoji = Html.unescape(button.group(1));
            String label = Html.unescape(button.group(5));
            List<String> reactors = List.of(Html.unescape(button.group(4)).split("/"));
            assertThat(Html.unescape(button.group(3))).as("the title names who reacted").isEqualTo(String.join(", ", reactors));
            assertThat(label).as("the button shows its emoji and count").isEqualTo(emoji + " " + reactors.size());
            found.put(emoji, new Reaction(reactors.size(), new TreeSet<>(reactors), Boolean.parseBoolean(button.group(2))));
        }
        return found;
    }

    /**
     * One reaction button: how many chose it, who (in any order: two reactions in one millisecond are in the
     * order of their names), and whether it is shown pressed.
     */
    public record Reaction(int count, Set<String> who, boolean pressed) {
        public static Reaction of(boolean pressed, String... who) {
            return new Reaction(who.length, Set.of(who), pressed);
        }
    }
}
