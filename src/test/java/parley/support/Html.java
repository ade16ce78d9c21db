package parley.support;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what tests need out of Parley's HTML. */
public final class Html {
    private static final Pattern MESSAGE_ID = Pattern.compile("data-message-id=\"(\\d+)\"");
    private static final Pattern TEXT = Pattern.compile("<(div|p) class=\"text\">(.*?)</\\1>", Pattern.DOTALL);

    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("<input type=\"hidden\" name=\"idempotency_key\" value=\"([^\"]*)\">");

    private static final Pattern LIST_ITEM = Pattern.compile("<li>(.*?)</li>", Pattern.DOTALL);

    private Html() {}

    public static List<Long> messageIds(String html) {
        List<Long> ids = new ArrayList<>();
        Matcher m = MESSAGE_ID.matcher(html);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    /**
     * The message texts as plain text: the rendered Markdown without its tags, HTML entities decoded (for text
     * without Markdown in it, exactly what was typed; a line break is one, between paragraphs too).
     */
    public static List<String> texts(String html) {
        List<String> found = new ArrayList<>();
        Matcher m = TEXT.matcher(html);
        while (m.find()) {
            found.add(unescape(TAG.matcher(m.group(2)).replaceAll("")).strip());
        }
        return found;
    }

    /** The message texts as the server rendered them: HTML. */
    public static List<String> renderedTexts(String html) {
        List<String> found = new ArrayList<>();
        Matcher m = TEXT.matcher(html);
        while (m.find()) {
            // A one-paragraph message is <p class="text">…</p>: its Markdown is that paragraph.
            found.add(m.group(1).equals("p") ? "<p>" + m.group(2) + "</p>" : m.group(2));
        }
        return found;
    }

    /** The idempotency key of the message form in this page or fragment; fails when there is not exactly one. */
    public static String idempotencyKey(String html) {
        List<String> keys = decoded(IDEMPOTENCY_KEY, html);
        if (keys.size() != 1) {
            throw new AssertionError("expected one message form with an idempotency key, found " + keys.size() + " in: " + html);
        }
        return keys.getFirst();
    }

    /** The entries of a list fragment such as the presence event's, decoded. */
    public static List<String> listItems(String html) {
        return decoded(LIST_ITEM, html);
    }

    private static List<String> decoded(Pattern pattern, String html) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(html);
        while (m.find()) {
            found.add(unescape(m.group(1)));
        }
        return found;
    }

    /** The text of a fragment: its tags taken out, its entities read, its spaces as they are. */
    public static String text(String html) {
        return unescape(html.replaceAll("<[^>]*>", "")).strip();
    }

    public static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", "\"").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }
}
