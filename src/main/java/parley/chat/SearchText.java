package parley.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What someone typed into the search box, read as Parley's small search language:
 *
 * <ul>
 *   <li>words, each of which a message must hold (in any order); the last one also matches the longer words it
 *       begins when it is three or more letters and digits ({@code depl} finds "deployed");</li>
 *   <li>{@code "a quoted phrase"}: those words, one after another;</li>
 *   <li>{@code from:alice} (or {@code from:@alice}, {@code from:"mary ann"}): only messages by that person;</li>
 *   <li>{@code in:#room} (or {@code in:room}): only messages in that room. Either filter may be given more
 *       than once, and then means any of them.</li>
 * </ul>
 *
 * Nothing else has a meaning: {@code *}, {@code -}, {@code AND}, {@code NEAR}, parentheses and quotes of SQL
 * are words or separators like any other character. A word is kept as typed (the database splits it into
 * words as it split the messages, so {@code don't} matches "don't"); one without a letter or digit in it
 * ({@code -}, {@code :}, {@code ***}) matches everything and is left out.
 *
 * @param terms      the words and phrases, as typed, without their quotes
 * @param prefixLast the last term is a word that also matches as a prefix
 * @param from       the names after {@code from:}, as typed
 * @param in         the rooms after {@code in:}, as room names
 */
public record SearchText(List<String> terms, boolean prefixLast, List<String> from, List<String> in) {
    /** The longest search, in characters: a long sentence. */
    public static final int MAX_LENGTH = 500;
    /** The most words, phrases and filters in one search. */
    public static final int MAX_PARTS = 20;
    /** The shortest last word that also matches as a prefix: a shorter one would match half the words there are. */
    static final int PREFIX_MIN = 3;

    private static final java.util.regex.Pattern CONTROLS = java.util.regex.Pattern.compile("\\p{Cc}");

    public static final SearchText NOTHING = new SearchText(List.of(), false, List.of(), List.of());

    public SearchText {
        terms = List.copyOf(terms);
        from = List.copyOf(from);
        in = List.copyOf(in);
    }

    /**
     * Reads a search as typed; {@link #NOTHING} for a blank (or missing) one.
     *
     * @throws InvalidInput it is too long, has too many parts, names a room that cannot be one, or holds
     *                      nothing to search for (only punctuation)
     */
    public static SearchText parse(String typed) {
        // A control character (which no message holds) separates words like a space.
        String text = typed == null ? "" : CONTROLS.matcher(typed).replaceAll(" ").strip();
        int length = text.codePointCount(0, text.length());
        if (length > MAX_LENGTH) {
            throw new InvalidInput("That search is " + length + " characters long; a search is at most " + MAX_LENGTH
                    + ". Search for a few words of the message.");
        }
        if (text.isEmpty()) {
            return NOTHING;
        }
        List<String> terms = new ArrayList<>();
        List<String> from = new ArrayList<>();
        List<String> in = new ArrayList<>();
        boolean lastIsWord = false;
        int parts = 0;
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                i += Character.charCount(c);
                continue;
            }
            parts++;
            if (c == '"') {
                int close = closingQuote(text, i + 1);
                lastIsWord = false;
                if (hasWord(text.substring(i + 1, close))) {
                    terms.add(text.substring(i + 1, close).strip());
                }
                i = Math.min(close + 1, text.length());
                continue;
            }
            int end = wordEnd(text, i);
            String word = text.substring(i, end);
            String lower = word.toLowerCase(Locale.ROOT);
            String filter = lower.startsWith("from:") ? "from:" : lower.startsWith("in:") ? "in:" : null;
            if (filter != null && (word.length() > filter.length() || end < text.length() && text.charAt(end) == '"')) {
                String value = word.substring(filter.length());
                if (value.isEmpty()) { // from:"mary ann"
                    int close = closingQuote(text, end + 1);
                    value = text.substring(end + 1, close).strip();
                    end = Math.min(close + 1, text.length());
                }
                if (filter.equals("from:")) {
                    String name = (value.startsWith("@") ? value.substring(1) : value).strip();
                    if (!name.isEmpty()) { // from:"" or from:@ names nobody, and narrows nothing
                        from.add(name);
                    }
                } else {
                    in.add(room(value));
                }
                lastIsWord = false;
            } else {
                lastIsWord = hasWord(word);
                if (lastIsWord) {
                    terms.add(word);
                }
            }
            i = end;
        }
        if (parts == 0) {
            return NOTHING; // spaces of any kind
        }
        if (parts > MAX_PARTS) {
            throw new InvalidInput("That search has " + parts + " words, phrases and filters; a search has at most "
                    + MAX_PARTS + ". Leave out the ones that every message would have.");
        }
        if (terms.isEmpty() && from.isEmpty() && in.isEmpty()) {
            throw new InvalidInput("There is nothing to search for in that: search for words (with letters or digits), "
                    + "a \"quoted phrase\", from:name or in:#room.");
        }
        boolean prefix = lastIsWord && isPrefix(terms.getLast());
        return new SearchText(terms, prefix, from, in);
    }

    public boolean isBlank() {
        return terms.isEmpty() && from.isEmpty() && in.isEmpty();
    }

    /** Where the quote opened before {@code from} closes: its index, or the end of the text when it never does. */
    private static int closingQuote(String text, int from) {
        int close = text.indexOf('"', from);
        return close < 0 ? text.length() : close;
    }

    /** A word runs to the next space or quote. */
    private static int wordEnd(String text, int start) {
        int i = start;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            if (c == '"' || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                break;
            }
            i += Character.charCount(c);
        }
        return i;
    }

    private static String room(String typed) {
        String name = typed.startsWith("#") ? typed.substring(1) : typed;
        try {
            return Rules.roomNameTyped(name);
        } catch (InvalidInput e) {
            throw new InvalidInput("in:" + typed + " is not a room name. " + e.getMessage());
        }
    }

    /** Whether the text holds a letter or a digit: what the search index makes words of. */
    static boolean hasWord(String text) {
        return text.codePoints().anyMatch(SearchText::isWordCharacter);
    }

    /** Long enough, and all letters and digits: a word the index has as one word, whose prefix is a prefix of it. */
    private static boolean isPrefix(String word) {
        return word.codePointCount(0, word.length()) >= PREFIX_MIN && word.codePoints().allMatch(SearchText::isWordCharacter);
    }

    /**
     * Letters, numbers and private-use characters: the characters SQLite's unicode61 tokenizer makes words of
     * (Unicode categories L*, N* and Co). Everything else separates words.
     */
    static boolean isWordCharacter(int c) {
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
                 Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.PRIVATE_USE -> true;
            default -> false;
        };
    }
}
