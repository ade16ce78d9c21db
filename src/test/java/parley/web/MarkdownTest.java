package parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A message's text as the page shows it: what Markdown may do, and what a hostile text cannot. */
class MarkdownTest {
    private static final String REL = "rel=\"noopener noreferrer nofollow ugc\"";

    @Test
    void emphasisAndCodeSpans() {
        assertThat(Markdown.html("*em* **strong** `a < b`"))
                .isEqualTo("<p><em>em</em> <strong>strong</strong> <code>a &lt; b</code></p>");
    }

    @Test
    void enterIsALineBreakOnScreen() {
        assertThat(Markdown.html("first line\nsecond line")).isEqualTo("<p>first line<br>\nsecond line</p>");
    }

    @Test
    void codeBlocksKeepTheirShape() {
        assertThat(Markdown.html("```\nif (a  <  b) {\n    go();\n}\n```"))
                .isEqualTo("<pre><code>if (a  &lt;  b) {\n    go();\n}\n</code></pre>");
        assertThat(Markdown.html("```java\nx\n```")).isEqualTo("<pre><code class=\"language-java\">x\n</code></pre>");
        assertThat(Markdown.html("    indented();")).isEqualTo("<pre><code>indented();\n</code></pre>");
    }

    @Test
    void quotesAndLists() {
        assertThat(Markdown.html("> quoted\n\n- one\n- two\n\n1. first")).isEqualTo("""
                <blockquote>
                <p>quoted</p>
                </blockquote>
                <ul>
                <li>one</li>
                <li>two</li>
                </ul>
                <ol>
                <li>first</li>
                </ol>""");
    }

    @Test
    void linksAndBareAddressesGetTheRel() {
        assertThat(Markdown.html("[docs](https://example.com/a?b=1&c=2 \"title\")"))
                .isEqualTo("<p><a " + REL + " href=\"https://example.com/a?b=1&amp;c=2\" title=\"title\">docs</a></p>");
        assertThat(Markdown.html("see http://example.com/x, or write to me@example.com"))
                .isEqualTo("<p>see <a " + REL + " href=\"http://example.com/x\">http://example.com/x</a>, or write to <a "
                        + REL + " href=\"mailto:me@example.com\">me@example.com</a></p>");
        assertThat(Markdown.html("<https://example.com>")).isEqualTo("<p><a " + REL + " href=\"https://example.com\">https://example.com</a></p>");
    }

    /** A link anywhere but http, https or mailto is shown as its text alone: no element, no address. */
    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "vbscript:msgbox(1)", "file:///etc/passwd", "/rooms/general", "//evil.example/x", "#top", "ftp://example.com"})
    void otherLinksAreText(String destination) {
        String html = Markdown.html("[click](<" + destination + ">)");
        assertThat(html).isEqualTo("<p>click</p>");
        assertThat(Markdown.html("<" + destination + ">")).doesNotContain("<a");
    }

    @Test
    void rawHtmlIsShownAsText() {
        assertThat(Markdown.html("<script>alert(1)</script>")).isEqualTo("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
        assertThat(Markdown.html("<img src=x onerror=alert(1)>")).isEqualTo("<p>&lt;img src=x onerror=alert(1)&gt;</p>");
        assertThat(Markdown.html("<div>\n<b onclick=\"x()\">bold</b>\n</div>"))
                .isEqualTo("<p>&lt;div&gt;<br>\n&lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt;<br>\n&lt;/div&gt;</p>");
        assertThat(Markdown.html("a <!-- hidden --> b")).isEqualTo("<p>a &lt;!-- hidden --&gt; b</p>");
    }

    @Test
    void imagesNeverLoadTheyAreLinks() {
        assertThat(Markdown.html("![a cat](https://example.com/cat.png)"))
                .isEqualTo("<p><a " + REL + " href=\"https://example.com/cat.png\">a cat</a></p>");
        assertThat(Markdown.html("![](https://example.com/cat.png)"))
                .isEqualTo("<p><a " + REL + " href=\"https://example.com/cat.png\">https://example.com/cat.png</a></p>");
        assertThat(Markdown.html("![x](javascript:alert(1)) ![y](data:image/png;base64,AAAA)")).isEqualTo("<p>x y</p>");
    }

    /** A chat message adds nothing to the page's outline: no headings, no rules; they stay as typed. */
    @Test
    void headingsAndRulesStayAsTyped() {
        assertThat(Markdown.html("# Title")).isEqualTo("<p># Title</p>");
        assertThat(Markdown.html("Title\n===\nsub\n---")).isEqualTo("<p>Title<br>\n===<br>\nsub<br>\n---</p>");
        assertThat(Markdown.html("***")).isEqualTo("<p>***</p>");
    }

    @Test
    void nestingIsCutAtTheLimitAndTheTextKept() {
        String html = Markdown.html(">".repeat(100) + " deep");
        assertThat(html.split("<blockquote>", -1)).hasSize(Markdown.MAX_DEPTH + 1);
        assertThat(html).contains("deep");
        assertThat(Markdown.html("> > > three deep")).contains("<blockquote>\n<blockquote>\n<blockquote>\n<p>three deep</p>");
    }

    /**
     * The worst 2,000 characters (the longest message) for each construct that nests or backtracks: a batch of
     * them renders fast, and on a small stack (the README's -Xss512k, halved), so no text can make a deep
     * recursion or a quadratic parse.
     */
    @Test
    void theWorstLongestMessagesRenderFastOnASmallStack() throws InterruptedException {
        List<String> units = List.of(">", "> ", "-", "- ", "*", "* ", "+ ", "1. ", "[", "]", "[a](", "![", "*a", "**a",
                "_", "`", "<", "<a ", "&", "\\", "[a]: b\n", "> - ", "- > ", "    ", "\n", "http://a.b/", "a@b.c ");
        Throwable[] failure = new Throwable[1];
        Thread small = new Thread(null, () -> {
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
                    for (String unit : units) {
                        String text = unit.repeat(2000 / unit.length());
                        assertThat(Markdown.html(text)).as(unit).isNotNull();
                        String nested = "> ".repeat(500) + "x\n" + "  ".repeat(200) + "- y";
                        assertThat(Markdown.html(nested)).isNotNull();
                    }
                });
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "small-stack", 256 * 1024);
        small.start();
        small.join();
        assertThat(failure[0]).as("rendering on a 256 KB stack").isNull();
    }
}
