package parley.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import parley.store.Message;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.autolink.AutolinkType;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.parser.Parser;
import org.commonmark.parser.PostProcessor;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.UrlSanitizer;

/**
 * A message's text as HTML: CommonMark (emphasis, code spans and blocks, quotes, lists, links and bare URLs),
 * rendered when the message is shown; the store keeps the text exactly as typed.
 *
 * <p>What a message cannot do: make markup (raw HTML is shown as text), link anywhere but http, https or mailto
 * (any other link, javascript: or data: or a relative one, is shown as its text alone), load anything (an image
 * becomes a link to it, its alt text the label), or make a heading or a rule (a chat message is not a document:
 * "# x" and "---" stay as typed, so a message never adds to the page's outline). Every link gets {@link #REL}. Enter
 * in a message is a line break on screen too.
 *
 * <p>Nesting is bounded: a node deeper than {@link #MAX_DEPTH} is replaced by its content, before anything walks
 * the tree recursively (the autolink pass, the renderer), so 2,000 characters of {@code >} or {@code - } cost a
 * shallow tree, not a deep recursion.
 */
public final class Markdown {
    /** The rel of every link in a message: no access to this page, no referrer, no endorsement, user content. */
    public static final String REL = "noopener noreferrer nofollow ugc";

    /** How deep a message's tree may go (the document counts 0); about six lists or quotes inside each other. */
    static final int MAX_DEPTH = 16;

    private static final AttributeProvider LINK_REL = (Node node, String tagName, Map<String, String> attributes) -> {
        if (node instanceof Link) {
            attributes.put("rel", REL);
        }
    };

    private static final Parser PARSER = Parser.builder()
            .enabledBlockTypes(Set.of(BlockQuote.class, FencedCodeBlock.class, IndentedCodeBlock.class, ListBlock.class))
            // Registered before the autolink extension, so it runs first: that pass is recursive.
            .postProcessor(Markdown::shape)
            .extensions(List.of(AutolinkExtension.builder().linkTypes(AutolinkType.URL, AutolinkType.EMAIL).build()))
            .postProcessor(Markdown::onlyWebLinks)
            .build();

    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .escapeHtml(true)
            .sanitizeUrls(true)
            .urlSanitizer(new WebLinksOnly())
            .softbreak("<br>\n")
            .attributeProviderFactory(context -> LINK_REL)
            .nodeRendererFactory(MentionRenderer::new)
            .build();

    private Markdown() {}

    /** The text as HTML, to be placed inside an element of its own; no trailing line break. */
    public static String html(String text) {
        return RENDERER.render(PARSER.parse(text)).strip();
    }

    /**
     * The text as a message's {@code .text} element: {@code <p class="text">} when it is one paragraph, the
     * usual chat message (13 bytes fewer on every delivery than a paragraph in a div), otherwise
     * {@code <div class="text">} holding its blocks.
     */
    public static String textElement(String text) {
        return RENDERED.get(text, t -> renderTextElement(t, List.of()));
    }

    /**
     * {@link #textElement(String)} with the message's mentions marked, {@code <span class="mention"
     * data-mention="{name}">}, and {@code .me} on those naming {@code viewer} (a page's own reader; null for the
     * stream, whose bytes are everyone's: parley.js marks them there).
     */
    public static String textElement(String text, List<Message.Mention> mentions, String viewer) {
        if (mentions.isEmpty()) {
            return textElement(text);
        }
        StringBuilder key = new StringBuilder(text).append('\u0000');
        mentions.forEach(mention -> key.append(mention.name()).append('\u0000'));
        String html = RENDERED.get(key.toString(), k -> renderTextElement(text, mentions));
        if (viewer == null || mentions.stream().noneMatch(mention -> mention.name().equals(viewer))) {
            return html;
        }
        return html.replace(MentionRenderer.opening(viewer), MentionRenderer.openingForReader(viewer));
    }

    /**
     * Texts rendered lately, by text: a message is rendered once, not again for every page and every stream
     * that opens with it in its history (100 messages each). Bounded by size: about 8 MB of text and HTML.
     */
    private static final Cache<String, String> RENDERED = Caffeine.newBuilder()
            .maximumWeight(4 * 1024 * 1024) // chars of text plus HTML, two bytes each at most
            .weigher((String text, String html) -> text.length() + html.length())
            .build();

    private static String renderTextElement(String text, List<Message.Mention> mentions) {
        if (mentions.isEmpty() && PlainText.is(text)) {
            return "<p class=\"text\">" + PlainText.escape(text) + "</p>";
        }
        Node document = PARSER.parse(text);
        if (!mentions.isEmpty()) {
            MentionRenderer.mark(document, mentions);
        }
        Node first = document.getFirstChild();
        if (first instanceof Paragraph && first.getNext() == null) {
            StringBuilder inline = new StringBuilder("<p class=\"text\">");
            for (Node node = first.getFirstChild(); node != null; node = node.getNext()) {
                inline.append(RENDERER.render(node));
            }
            return inline.append("</p>").toString();
        }
        return "<div class=\"text\">" + RENDERER.render(document).strip() + "</div>";
    }

    /** Bounds the depth and turns images into links, walking the tree without recursion. */
    private static Node shape(Node document) {
        Node node = document.getFirstChild();
        int depth = 1;
        while (node != null) {
            if (node instanceof Image image) {
                node = replace(image, new Link(image.getDestination(), image.getTitle()));
            }
            if (depth > MAX_DEPTH && node.getFirstChild() != null) {
                node = unwrap(node); // its first child, now at this depth
                continue;
            }
            if (node.getFirstChild() != null) {
                node = node.getFirstChild();
                depth++;
                continue;
            }
            while (node != null && node.getNext() == null && node != document) {
                node = node.getParent();
                depth--;
            }
            node = node == null || node == document ? null : node.getNext();
        }
        return document;
    }

    /** Any link that is not to http, https or mailto becomes its text (a bare one shows its address as text). */
    private static Node onlyWebLinks(Node document) {
        Node node = document.getFirstChild();
        while (node != null) {
            if (node instanceof Link link && !WebLinksOnly.allowed(link.getDestination())) {
                Node next = link.getFirstChild() != null ? unwrap(link) : after(link, document);
                if (link.getParent() != null) {
                    link.unlink();
                }
                node = next;
                continue;
            }
            node = node.getFirstChild() != null ? node.getFirstChild() : after(node, document);
        }
        return document;
    }

    /** The next node after this one and everything inside it, or null at the end. */
    private static Node after(Node node, Node document) {
        while (node != null && node != document && node.getNext() == null) {
            node = node.getParent();
        }
        return node == null || node == document ? null : node.getNext();
    }

    /** Moves the node's children to where it is and removes it; returns its first child. */
    private static Node unwrap(Node node) {
        Node first = node.getFirstChild();
        Node child = first;
        while (child != null) {
            Node next = child.getNext();
            node.insertBefore(child);
            child = next;
        }
        node.unlink();
        return first;
    }

    private static Node replace(Node old, Node replacement) {
        Node child = old.getFirstChild();
        while (child != null) {
            Node next = child.getNext();
            replacement.appendChild(child);
            child = next;
        }
        if (replacement.getFirstChild() == null) {
            replacement.appendChild(new org.commonmark.node.Text(((Link) replacement).getDestination()));
        }
        old.insertBefore(replacement);
        old.unlink();
        return replacement;
    }

    /** The renderer's last word on a link: only http, https and mailto; never reached by another (see onlyWebLinks). */
    static final class WebLinksOnly implements UrlSanitizer {
        static boolean allowed(String url) {
            String lower = url.toLowerCase(Locale.ROOT);
            return lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("mailto:");
        }

        @Override
        public String sanitizeLinkUrl(String url) {
            return allowed(url) ? url : "";
        }

        @Override
        public String sanitizeImageUrl(String url) {
            return ""; // images are links by now; nothing loads from a message
        }
    }
}
