package parley.support;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import parley.support.EventStream.Event;

/** Reading the viewer's sidebar news ({@code event: rooms}) off a stream. */
public final class SidebarEvents {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private SidebarEvents() {}

    /** The next {@code rooms} event on the stream for {@code room}: its entry. */
    public static String nextEntry(EventStream stream, String room) {
        return stream.next(e -> isEntryOf(e, room), WAIT).data();
    }

    /** The {@code rooms} events for {@code room} until one whose {@code name} attribute is {@code value}. */
    public static String entryWith(EventStream stream, String room, String name, String value) {
        return stream.next(e -> isEntryOf(e, room) && value.equals(attribute(e.data(), name)), WAIT).data();
    }

    /** The value of an attribute of the fragment's first element that has it, or null. */
    public static String attribute(String html, String name) {
        Matcher value = Pattern.compile(" " + name + "=\"([^\"]*)\"").matcher(html);
        return value.find() ? value.group(1) : null;
    }

    private static boolean isEntryOf(Event event, String room) {
        return "rooms".equals(event.type()) && event.data().contains("id=\"room-" + room + "\"");
    }
}
