package parley.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How times are written in pages; the page's script shows them in the reader's own time zone. */
public final class Format {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'",
            java.util.Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy '(UTC)'",
            java.util.Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private Format() {}

    /** The day a message was sent, for the page's day separators; in UTC, and says so (the page's script shows the reader's own). */
    public static String day(Instant instant) {
        return DAY.format(instant);
    }

    public static String clock(Instant instant) {
        return CLOCK.format(instant);
    }

    /** A day and a time, for what may be days old (sessions); in UTC, and says so. */
    public static String dateTime(Instant instant) {
        return DATE_TIME.format(instant);
    }

    /** A name as one segment of a URL path: /admin/people/{name}/… */
    public static String segment(String name) {
        return java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static String iso(Instant instant) {
        // To the second: a message's time is shown to the minute, and every byte is sent to every reader.
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
}
