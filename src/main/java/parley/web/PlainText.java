package parley.web;

/**
 * Texts that CommonMark would render as one paragraph holding the text itself, escaped: one line of words,
 * digits, spaces and the punctuation of ordinary sentences, with nothing Markdown reads as markup. Most chat
 * messages are such a line, and for them {@link Markdown} skips the parser and renderer (about 40 µs of a post's
 * server time, on the path every message takes). The test checks the shortcut against the full rendering for
 * random texts mixing these characters with every one that means something to Markdown.
 */
final class PlainText {
    private PlainText() {}

    /**
     * Whether the text is such a line. Conservative: a text it turns away is rendered in full, so it only has to
     * be right about the texts it lets through.
     */
    static boolean is(String text) {
        int length = text.length();
        // The first character must be a letter: a digit may start a list item ("1. x"), punctuation a quote,
        // a list, a rule or a code block. The last may not be a space (trimmed, or a line break before a newline).
        if (length == 0 || !Character.isLetter(text.charAt(0)) || text.charAt(length - 1) == ' ') {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c) || c == ' ') {
                continue;
            }
            switch (c) {
                // No emphasis, code, links, images, HTML, entities, escapes, mentions or e-mail addresses, no
                // tabs, line ends or other control characters: anything not listed here is turned away.
                case ',', '.', '?', '!', '\'', '"', '(', ')', '-', '+', '/', '%', ';', '=', '$' -> {}
                // A colon, but not one starting "://": that is a web address, which becomes a link.
                case ':' -> {
                    if (text.startsWith("//", i + 1)) {
                        return false;
                    }
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    /** The line as HTML text, exactly as CommonMark's renderer escapes it: only {@code "} needs it here. */
    static String escape(String text) {
        return text.indexOf('"') < 0 ? text : text.replace("\"", "&quot;");
    }
}
