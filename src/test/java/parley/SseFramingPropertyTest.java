package parley;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import parley.live.SseFrames;
import parley.store.Message;
import parley.support.Html;
import parley.support.MessageChanges;
import parley.support.SseParser;
import parley.support.SseParser.Event;
import parley.web.Templates;

/**
 * Stream framing: whatever text the server sends, a browser reading the stream gets it back as one event,
 * exactly, but for the line-break normalisation SSE itself makes (a CRLF or CR in the data reads back as LF).
 * The frames are read with {@link SseParser}, which follows the spec on its own, rather than compared as bytes,
 * so any other encoding that is still right keeps passing and one that is wrong somewhere fails.
 */
class SseFramingPropertyTest {
    /** The templates the stream renders with, as the jar has them. */
    private static final Templates TEMPLATES = Templates.precompiled();

    @Property
    void aMessageReadsBackAsOneEventWithItsTextAndId(@ForAll("ids") long id, @ForAll("texts") String text) {
        assertThat(SseParser.parse(SseFrames.message(id, text).bytes()))
                .as("message(%d, \"%s\")", id, visible(text))
                .containsExactly(new Event("message", asReadBack(text), String.valueOf(id)));
    }

    @Property
    void anUpdateReadsBackAsOneEventWithItsTextAndItsChangeId(@ForAll("ids") long changeId, @ForAll("texts") String text) {
        assertThat(SseParser.parse(SseFrames.update(changeId, text).bytes()))
                .as("update(%d, \"%s\")", changeId, visible(text))
                .containsExactly(new Event("update", asReadBack(text), String.valueOf(changeId)));
    }

    /**
     * A changed message as the stream really sends it, rendered by the templates: whatever its text, its
     * author's name and its reactors' names, it reads back as one update carrying exactly the rendered item, and
     * nothing typed can end the text's element or a reaction's attributes early.
     */
    @Property
    void aChangedMessageRenderedByTheTemplatesReadsBackAsOneUpdateOfItsWholeItem(
            @ForAll("ids") long changeId, @ForAll("texts") String text, @ForAll("names") String author,
            @ForAll("reactors") List<String> reactors, @ForAll boolean edited) {
        long id = changeId / 2;
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        List<Message.Reaction> reactions = reactors.isEmpty() ? List.of() : List.of(new Message.Reaction("🎉", reactors));
        Message message = new Message(id, "room", author, 1, text, at, changeId, edited ? at : null, null, reactions, List.of());
        String html = TEMPLATES.update(message);
        List<Event> read = SseParser.parse(SseFrames.update(changeId, html).bytes());
        assertThat(read).as("text \"%s\" by \"%s\"", visible(text), visible(author))
                .containsExactly(new Event("update", asReadBack(html), String.valueOf(changeId)));
        String data = read.getFirst().data();
        assertThat(data).startsWith("<li id=\"m-" + id + "\" class=\"message" + (edited ? " edited" : "") + "\"")
                .contains("data-hx-swap-oob=\"true\"").endsWith("</li>");
        assertThat(Html.renderedTexts(data)).as("the text's element holds all of the text").hasSize(1);
        assertThat(Html.unescape(data.substring(data.indexOf("data-author=\"") + 13, data.indexOf("\" data-hx-swap-oob"))))
                .isEqualTo(asReadBack(author));
        if (!reactors.isEmpty()) {
            TreeSet<String> who = new TreeSet<>(reactors.stream().map(SseFramingPropertyTest::asReadBack).toList());
            assertThat(MessageChanges.reactions(data)).containsExactly(
                    Map.entry("🎉", new MessageChanges.Reaction(reactors.size(), who, false)));
        }
    }

    @Example
    void aDeletedMessageIsAnUpdateThatRemovesItsItem() {
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        Message deleted = new Message(7, "room", "ann", 1, "", at, 9, null, at, List.of(), List.of());
        assertThat(SseParser.parse(SseFrames.update(9, TEMPLATES.update(deleted)).bytes()))
                .containsExactly(new Event("update", "<li id=\"m-7\" data-hx-swap-oob=\"delete\"></li>", "9"));
    }

    @Property
    void aResetReadsBackAsOneEventWithItsTextAndTheNewestId(@ForAll("ids") long latestId, @ForAll("texts") String text) {
        assertThat(SseParser.parse(SseFrames.reset(latestId, text).bytes()))
                .as("reset(%d, \"%s\")", latestId, visible(text))
                .containsExactly(new Event("reset", asReadBack(text), String.valueOf(latestId)));
    }

    @Property
    void presenceReadsBackAsOneEventThatSetsNoId(@ForAll("texts") String text) {
        assertThat(SseParser.parse(SseFrames.presence(text).bytes()))
                .as("presence(\"%s\")", visible(text))
                .containsExactly(new Event("presence", asReadBack(text), ""));
    }

    @Property
    void framesSentOneAfterAnotherReadBackAsOneEventEachInOrder(@ForAll("streams") List<Sent> sent) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<Event> expected = new ArrayList<>();
        String lastId = "";
        for (Sent frame : sent) {
            stream.writeBytes(frame.bytes());
            switch (frame.kind()) {
                case MESSAGE, UPDATE, RESET -> {
                    lastId = String.valueOf(frame.id());
                    expected.add(new Event(frame.kind().eventType, asReadBack(frame.text()), lastId));
                }
                // Presence has no id line, so it reads back with the id of whatever came before it.
                case PRESENCE -> expected.add(new Event(frame.kind().eventType, asReadBack(frame.text()), lastId));
                case PING, RETRY -> {
                    // dispatches nothing
                }
            }
        }
        assertThat(SseParser.parse(stream.toByteArray()))
                .as("stream \"%s\"", visible(stream.toString(UTF_8)))
                .containsExactlyElementsOf(expected);
    }

    @Property
    void aStreamReadInPiecesOfAnySizeDispatchesWhatItDoesReadWhole(
            @ForAll("streamTexts") String text, @ForAll("pieceSizes") List<Integer> sizes) {
        List<Event> dispatched = new ArrayList<>();
        SseParser parser = new SseParser(dispatched::add);
        int at = 0;
        for (int i = 0; at < text.length(); i++) {
            int end = Math.min(text.length(), at + sizes.get(i % sizes.size()));
            parser.feed(text.substring(at, end));
            at = end;
        }
        parser.end();
        assertThat(dispatched).as("stream \"%s\" in pieces of %s", visible(text), sizes)
                .containsExactlyElementsOf(SseParser.parse(text));
    }

    /** What the stream can carry: it has no way to tell CRLF or CR from LF, so each reads back as LF. */
    private static String asReadBack(String text) {
        return text.replace("\r\n", "\n").replace("\r", "\n");
    }

    /** The text with its line breaks and other invisible characters spelled out, for failure messages. */
    private static String visible(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04X", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }

    // The parser on its own, on streams written by hand, so it is shown to follow the spec and not just the encoder.

    @Example
    void crlfLineEndingsACommentAndOneLeadingBom() {
        String stream = "\uFEFF: a comment\r\nevent: greeting\r\nid: 42\r\ndata: first\r\ndata:second\r\ndata:  third\r\n\r\n";
        assertThat(SseParser.parse(stream.getBytes(UTF_8))).containsExactly(new Event("greeting", "first\nsecond\n third", "42"));
        // Only one BOM is the decoder's; a second is part of the first line, whose field is then "\uFEFFdata".
        assertThat(SseParser.parse("\uFEFF\uFEFFdata: x\n\n".getBytes(UTF_8))).isEmpty();
    }

    @Example
    void aLoneCrOrLfEndsALineAndLfThenCrIsTwoLineEnds() {
        assertThat(SseParser.parse("data: a\rdata: b\n\rdata: c\r\n\n"))
                .containsExactly(new Event("message", "a\nb", ""), new Event("message", "c", ""));
    }

    @Example
    void anEventWithoutDataIsNotDispatchedButItsIdStaysAndItsTypeDoesNot() {
        assertThat(SseParser.parse("event: lonely\nid: 1\n\ndata: after\n\n"))
                .containsExactly(new Event("message", "after", "1"));
    }

    @Example
    void anIdWithNulAndAnUnknownFieldAreIgnored() {
        assertThat(SseParser.parse("id: 1\ndata: a\n\nid: 2\0\nanswer: 42\ndata: b\n\n"))
                .containsExactly(new Event("message", "a", "1"), new Event("message", "b", "1"));
    }

    @Example
    void aFieldNameAloneHasAnEmptyValue() {
        assertThat(SseParser.parse("data\n\n")).containsExactly(new Event("message", "", ""));
    }

    @Example
    void anEventTheStreamEndsInsideIsNotDispatched() {
        assertThat(SseParser.parse("data: a\n\ndata: b\n")).containsExactly(new Event("message", "a", ""));
        assertThat(SseParser.parse("data: a\n\ndata: b")).containsExactly(new Event("message", "a", ""));
    }

    @Example
    void readAsItArrivesAnEventIsDispatchedAtItsBlankLineAndACrlfMaySpanTwoPieces() {
        List<Event> dispatched = new ArrayList<>();
        SseParser parser = new SseParser(dispatched::add);
        parser.feed("\uFEFFdata: a\r");
        parser.feed("\ndata: b\r");
        assertThat(dispatched).isEmpty();
        parser.feed("\r"); // a CR ends its line at once: the event is dispatched before anything else arrives
        assertThat(dispatched).containsExactly(new Event("message", "a\nb", ""));
        parser.feed("\ndata: c\n\n"); // the LF that completes that CRLF ends no second line
        parser.feed("\uFEFFdata: d\n\n"); // a BOM is dropped only at the start of the stream: here the field is "\uFEFFdata"
        parser.feed("data: unfinished\n");
        parser.end();
        assertThat(dispatched).containsExactly(new Event("message", "a\nb", ""), new Event("message", "c", ""));
    }

    @Example
    void retryTakesOnlyDigits() {
        assertThat(SseParser.reconnectionTime(SseFrames.retry(2000))).hasValue(2000);
        assertThat(SseParser.reconnectionTime("retry: 2000\n\nretry: 3s\nretry: -1\nretry:\n\n".getBytes(UTF_8))).hasValue(2000);
    }

    // Generators

    @Provide
    Arbitrary<Long> ids() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE);
    }

    /**
     * A person's name as a template writes it into attributes: any of the texts' pieces but a slash, which
     * {@code data-reactors} separates names with (a name can't contain one), and never empty.
     */
    @Provide
    Arbitrary<String> names() {
        return texts().map(name -> name.replace("/", "")).filter(name -> !name.isEmpty());
    }

    /** Who reacted with one emoji: each person once. */
    @Provide
    Arbitrary<List<String>> reactors() {
        return names().list().uniqueElements().ofMaxSize(4);
    }

    /**
     * Text built from pieces, most of them what could break framing: line breaks in every form, other controls,
     * things that look like fields or comments, spaces a parser strips, a BOM, and code points from every plane.
     * Lone surrogates are left out: the text reaches the encoder decoded from UTF-8 (a request, the database), which
     * cannot hold one, and Java would encode it as '?', a change no framing could avoid.
     */
    @Provide
    Arbitrary<String> texts() {
        return piece().list().ofMaxSize(12).map(pieces -> String.join("", pieces));
    }

    /** What the server sends, or any text at all: CRs, CRLFs, fields, comments and BOMs where a frame has none. */
    @Provide
    Arbitrary<String> streamTexts() {
        Arbitrary<String> frames = streams().map(sent -> {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            sent.forEach(frame -> stream.writeBytes(frame.bytes()));
            return stream.toString(UTF_8);
        });
        return Arbitraries.oneOf(frames, texts());
    }

    /** How many characters each piece of a stream has as it arrives: often one, so every split is tried. */
    @Provide
    Arbitrary<List<Integer>> pieceSizes() {
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(1)), Tuple.of(3, Arbitraries.integers().between(1, 40)))
                .list().ofMinSize(1).ofMaxSize(10);
    }

    @Provide
    Arbitrary<List<Sent>> streams() {
        return Combinators.combine(Arbitraries.of(Kind.class), ids(), texts()).as(Sent::new).list().ofMaxSize(8);
    }

    private static Arbitrary<String> piece() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, controls()),
                Tuple.of(3, tokens()),
                Tuple.of(3, codePoint()),
                Tuple.of(1, Arbitraries.strings().ascii().ofMaxLength(10)));
    }

    /** Runs of line breaks, C0 controls (NUL among them), DEL, NEL, the Unicode line separators, BOM, space and colon. */
    private static Arbitrary<String> controls() {
        return Arbitraries.strings()
                .withChars("\r\n")
                .withCharRange('\0', '\u001f')
                .withChars("\u007f\u0085\u2028\u2029\uFEFF :")
                .ofMinLength(1)
                .ofMaxLength(4);
    }

    private static Arbitrary<String> tokens() {
        return Arbitraries.of(
                "\r\n", "\r\n\r\n", "\n\n", "\r\r", "\n\r",
                "data:", "data: ", "data", "event: x", "event:", "id: 5", "id:", "id: \0", "retry: 1", "retry:",
                ":", ": ping", " ", "  ", "\uFEFF",
                "\uD83D\uDE00", "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "e\u0301");
    }

    /** Any code point but a surrogate, weighted so every plane turns up. */
    private static Arbitrary<String> codePoint() {
        return Arbitraries.frequencyOf(
                        Tuple.of(2, Arbitraries.integers().between(0, 0x7F)),
                        Tuple.of(2, Arbitraries.integers().between(0x80, Character.MIN_SURROGATE - 1)),
                        Tuple.of(1, Arbitraries.integers().between(Character.MAX_SURROGATE + 1, 0xFFFF)),
                        Tuple.of(2, Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT)))
                .map(codePoint -> Character.toString(codePoint));
    }

    enum Kind {
        MESSAGE("message"), UPDATE("update"), RESET("reset"), PRESENCE("presence"), PING(null), RETRY(null);

        final String eventType;

        Kind(String eventType) {
            this.eventType = eventType;
        }
    }

    /** One thing the server writes to a stream; {@code id} is also the retry time, for a retry. */
    record Sent(Kind kind, long id, String text) {
        byte[] bytes() {
            return switch (kind) {
                case MESSAGE -> SseFrames.message(id, text).bytes();
                case UPDATE -> SseFrames.update(id, text).bytes();
                case RESET -> SseFrames.reset(id, text).bytes();
                case PRESENCE -> SseFrames.presence(text).bytes();
                case PING -> SseFrames.PING.bytes();
                case RETRY -> SseFrames.retry(id);
            };
        }
    }
}
