package parley.chat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finding {@code @name} in a message's text. A name may hold spaces ("Ann Lee"), so each {@code @} is read
 * with the one, two or three words after it, each with and without the punctuation that ends a sentence;
 * each is a candidate, compared by the same confusable-safe key accounts are unique by ({@link Names#skeleton}).
 * The store keeps the candidates that are members of the room; the page marks where they are.
 */
public final class Mentions {
    /** At most this many candidates per message: a text of a thousand {@code @}s costs no more than a few. */
    static final int MOST = 60;
    private static final int WORDS = 3;
    private static final String TRAILING = ".,;:!?)]}'\"’”";

    private Mentions() {}

    /** Where a text names someone: from the {@code @} to the end of the name, and whom (by their name). */
    public record Span(int start, int end, String name) {}

    /** The keys of every name the text might mention. */
    public static Set<String> candidates(String text) {
        Set<String> keys = new LinkedHashSet<>();
        for (int at = text.indexOf('@'); at >= 0 && keys.size() < MOST; at = text.indexOf('@', at + 1)) {
            if (startsMention(text, at)) {
                for (int end : ends(text, at)) {
                    keys.add(Names.skeleton(text.substring(at + 1, end)));
                }
            }
        }
        keys.remove("");
        return keys;
    }

    /**
     * The mentions in the text of the names given (their key → their name): at each {@code @}, the longest
     * candidate that is one of them.
     */
    public static List<Span> find(String text, Map<String, String> namesByKey) {
        List<Span> spans = new ArrayList<>();
        if (namesByKey.isEmpty()) {
            return spans;
        }
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            if (!startsMention(text, at)) {
                continue;
            }
            List<Integer> ends = ends(text, at);
            for (int i = ends.size() - 1; i >= 0; i--) {
                String name = namesByKey.get(Names.skeleton(text.substring(at + 1, ends.get(i))));
                if (name != null) {
                    spans.add(new Span(at, ends.get(i), name));
                    at = ends.get(i) - 1;
                    break;
                }
            }
        }
        return spans;
    }

    /** An {@code @} that begins a mention: not inside a word, as in an address (ann@example.com). */
    private static boolean startsMention(String text, int at) {
        return at + 1 < text.length() && !Character.isWhitespace(text.charAt(at + 1))
                && (at == 0 || !Character.isLetterOrDigit(text.codePointBefore(at)));
    }

    /** The ends of the candidates after the {@code @} at {@code at}, shortest first, none longer than a name. */
    private static List<Integer> ends(String text, int at) {
        List<Integer> ends = new ArrayList<>();
        int end = at + 1;
        for (int word = 0; word < WORDS && end < text.length(); word++) {
            int start = end;
            while (start < text.length() && text.charAt(start) == ' ' && word > 0) {
                start++;
            }
            if (start >= text.length() || Character.isWhitespace(text.charAt(start)) || text.charAt(start) == '@') {
                break;
            }
            int stop = start;
            while (stop < text.length() && !Character.isWhitespace(text.charAt(stop))) {
                stop++;
            }
            if (text.codePointCount(at + 1, stop) > Names.MAX + TRAILING.length()) {
                break;
            }
            int trimmed = stop;
            while (trimmed > start && TRAILING.indexOf(text.charAt(trimmed - 1)) >= 0) {
                trimmed--;
            }
            if (trimmed > start && trimmed < stop) {
                ends.add(trimmed);
            }
            ends.add(stop);
            end = stop;
            if (end < text.length() && text.charAt(end) != ' ') {
                break; // a line break or tab ends a name: names have none
            }
        }
        ends.removeIf(e -> text.codePointCount(at + 1, e) > Names.MAX);
        return ends;
    }
}
