package parley.web;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one person may do: how fast they may post, open streams and create rooms, and how many streams
 * they may hold open, counted per account on all their devices; and, for what a client does before it
 * has an account, how often one name or one address may fail to sign in, and sign up. {@code enforced} false ({@code --limits off}) lifts all of
 * these for load tests; the size limits on a request and a message always hold.
 */
public record Limits(
        boolean enforced,
        long maxBodyBytes,
        int maxMessageChars,
        Rate postsPerPerson,
        Rate streamsPerPerson,
        int openStreamsPerPerson,
        Rate roomsPerPerson,
        Rate signInsPerName,
        Rate signInsPerAddress,
        Rate signUpsPerAddress) {

    /**
     * At most {@code count} per {@code period} on average, and never more than {@code count} at once: a token
     * bucket that holds {@code count} tokens and refills them evenly over the period. Written "10/10s".
     */
    public record Rate(int count, Duration period) {
        private static final Pattern FORM = Pattern.compile("(\\d{1,7})\\s*/\\s*(\\d{0,4})\\s*(s|m|h|d)");
        private static final Duration LONGEST = Duration.ofDays(30);

        /** @throws IllegalArgumentException when {@code text} is not of the form "10/10s", "30/1m", "5/h" */
        public static Rate parse(String text) {
            Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException("not a rate");
            }
            int count = Integer.parseInt(m.group(1));
            long amount = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
            Duration period = switch (m.group(3)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            // Within what a token bucket can count exactly: at most a million per period of 1 s to 30 days.
            if (count == 0 || count > 1_000_000 || period.isZero() || period.compareTo(LONGEST) > 0) {
                throw new IllegalArgumentException("not a rate");
            }
            return new Rate(count, period);
        }
    }
}
