package parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The shortcuts on the path every message takes: a plain line is HTML without the Markdown parser, and a message's
 * times are written without a formatter. Each must give exactly what the long way gives.
 */
class PlainTextTest {
    /** Letters and sentence punctuation, mostly; now and then a character that means something to Markdown. */
    @Provide
    Arbitrary<String> chatLines() {
        Arbitrary<Character> ordinary = Arbitraries.of("abcXYZé ж 09,.?!'\"()-+/%;=$:".chars().mapToObj(c -> (char) c)
                .toArray(Character[]::new));
        Arbitrary<Character> markup = Arbitraries.of("*_`[]<>&\\#@:/\n\t~|".chars().mapToObj(c -> (char) c)
                .toArray(Character[]::new));
        Arbitrary<String> words = Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(30, ordinary), net.jqwik.api.Tuple.of(1, markup))
                .list().ofMaxSize(40).map(chars -> chars.stream().map(String::valueOf).reduce("", String::concat));
        // Pieces that are markup only in context: a web address, an address without its scheme, a list's start.
        Arbitrary<String> pieces = Arbitraries.of("http://x.example/a", "https://x.example", "www.example.com",
                "mailto:a@b.c", "1. ", "1) ", "- ", "+ ", "> ", "    ", "a:b", "---", "===", "x  ", "&amp;", "![a](b)");
        return Arbitraries.oneOf(words, Arbitraries.strings().withChars('a', 'b', ' ').ofMaxLength(5))
                .list().ofMinSize(1).ofMaxSize(4)
                .flatMap(parts -> pieces.list().ofMaxSize(2).map(extra -> {
                    StringBuilder line = new StringBuilder("a");
                    parts.forEach(line::append);
                    extra.forEach(p -> line.insert(Math.min(line.length(), p.length() % 7), p));
                    return line.toString().strip();
                }));
    }

    @Property(tries = 3000)
    void aLineTakenAsPlainIsWhatCommonMarkMakesOfIt(@ForAll("chatLines") String text) {
        boolean plain = PlainText.is(text);
        Statistics.label("taken as plain").collect(plain);
        if (plain) {
            assertThat("<p>" + PlainText.escape(text) + "</p>").isEqualTo(Markdown.html(text));
        }
        Statistics.label("taken as plain").coverage(check -> check.check(true).percentage(p -> p > 20));
    }

    @Test
    void ordinaryMessagesAreTakenAsPlainAndMarkupIsNot() {
        assertThat(PlainText.is("Shall we ship it today? I think so - after lunch (1:30), 100% sure.")).isTrue();
        assertThat(PlainText.is("message 42 from poster 3")).isTrue();
        assertThat(PlainText.is("see http://example.com")).isFalse();
        assertThat(PlainText.is("*really*")).isFalse();
        assertThat(PlainText.is("1. first")).isFalse();
        assertThat(PlainText.is("hi @alice")).isFalse();
        assertThat(PlainText.is("two\nlines")).isFalse();
        assertThat(Markdown.textElement("say \"hi\" to them")).isEqualTo("<p class=\"text\">say &quot;hi&quot; to them</p>");
    }

    @Property(tries = 2000)
    void timesAreWrittenAsTheFormattersWouldWriteThem(
            @ForAll @LongRange(min = -62_000_000_000L, max = 253_402_300_799L) long second, @ForAll @LongRange(max = 999) long millis) {
        Instant instant = Instant.ofEpochSecond(second).plusMillis(millis);
        assertThat(Format.iso(instant)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS)));
        assertThat(Format.clock(instant)).isEqualTo(DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC).format(instant));
    }

    @Test
    void yearsBeyondFourDigitsAreLeftToTheFormatter() {
        Instant far = Instant.parse("+12026-01-02T03:04:05.600Z");
        assertThat(Format.iso(far)).isEqualTo("+12026-01-02T03:04:05Z");
    }
}
