package parley.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlWriter;
import parley.chat.Mentions;
import parley.chat.Names;
import parley.store.Message;

/**
 * A message's mentions in its rendered text: each {@code @name} the store found to be a member of the room
 * becomes {@code <span class="mention" data-mention="{name}">@name</span>}, as typed. Only in plain text: not
 * in code, nor inside a link's label.
 */
final class MentionRenderer implements NodeRenderer {
    private final HtmlNodeRendererContext context;
    private final HtmlWriter html;

    MentionRenderer(HtmlNodeRendererContext context) {
        this.context = context;
        this.html = context.getWriter();
    }

    /** A mention in the tree: its child is the text as typed. */
    static final class Mention extends CustomNode {
        final String name;

        Mention(String name) {
            this.name = name;
        }
    }

    /** Marks the mentions in the parsed text. */
    static void mark(Node document, List<Message.Mention> mentions) {
        Map<String, String> namesByKey = new LinkedHashMap<>();
        mentions.forEach(mention -> namesByKey.put(Names.skeleton(mention.name()), mention.name()));
        Node node = document.getFirstChild();
        while (node != null) {
            Node next = node.getFirstChild() != null && !(node instanceof Link) ? node.getFirstChild() : after(node, document);
            if (node instanceof Text text) {
                split(text, Mentions.find(text.getLiteral(), namesByKey));
            }
            node = next;
        }
    }

    private static void split(Text text, List<Mentions.Span> spans) {
        if (spans.isEmpty()) {
            return;
        }
        String literal = text.getLiteral();
        int from = 0;
        for (Mentions.Span span : spans) {
            if (span.start() > from) {
                text.insertBefore(new Text(literal.substring(from, span.start())));
            }
            Mention mention = new Mention(span.name());
            mention.appendChild(new Text(literal.substring(span.start(), span.end())));
            text.insertBefore(mention);
            from = span.end();
        }
        if (from < literal.length()) {
            text.setLiteral(literal.substring(from));
        } else {
            text.unlink();
        }
    }

    private static Node after(Node node, Node document) {
        while (node != null && node != document && node.getNext() == null) {
            node = node.getParent();
        }
        return node == null || node == document ? null : node.getNext();
    }

    /** How a mention of {@code name} begins in the rendered text. */
    static String opening(String name) {
        return "<span class=\"mention\" data-mention=\"" + escape(name) + "\">";
    }

    /** The same for the page's own reader: marked as theirs. */
    static String openingForReader(String name) {
        return "<span class=\"mention me\" data-mention=\"" + escape(name) + "\">";
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public Set<Class<? extends Node>> getNodeTypes() {
        return Set.of(Mention.class);
    }

    @Override
    public void render(Node node) {
        html.raw(opening(((Mention) node).name));
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            context.render(child);
        }
        html.raw("</span>");
    }
}
