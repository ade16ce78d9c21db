package parley.web;

import parley.store.Found;

/**
 * A search result's snippet as HTML: the text escaped, and each match the database marked (between
 * {@link Found#MARK} and {@link Found#END_MARK}) in a {@code <mark>}. Only those marks become markup, and
 * always balanced, whatever the text holds.
 */
final class Snippets {
    private Snippets() {}

    static String html(String snippet) {
        StringBuilder html = new StringBuilder(snippet.length() + 32);
        boolean marking = false;
        for (int i = 0; i < snippet.length(); i++) {
            char c = snippet.charAt(i);
            switch (c) {
                case Found.MARK -> {
                    if (!marking) {
                        html.append("<mark>");
                        marking = true;
                    }
                }
                case Found.END_MARK -> {
                    if (marking) {
                        html.append("</mark>");
                        marking = false;
                    }
                }
                case '&' -> html.append("&amp;");
                case '<' -> html.append("&lt;");
                case '>' -> html.append("&gt;");
                case '"' -> html.append("&#34;");
                case '\'' -> html.append("&#39;");
                default -> html.append(c);
            }
        }
        return marking ? html.append("</mark>").toString() : html.toString();
    }
}
