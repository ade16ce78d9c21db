package parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A search result's snippet: everything escaped, and only the database's marks become {@code <mark>}. */
class SnippetsTest {

    @Test
    void marksBecomeMarkAndEverythingElseIsText() {
        assertThat(Snippets.html("a \u0002<b>\u0003 & \"c\" 'd'"))
                .isEqualTo("a <mark>&lt;b&gt;</mark> &amp; &#34;c&#34; &#39;d&#39;");
    }

    @Test
    void markupTypedIntoAMessageStaysText() {
        assertThat(Snippets.html("<mark>not ours</mark><script>alert(1)</script>"))
                .isEqualTo("&lt;mark&gt;not ours&lt;/mark&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void marksAreAlwaysBalanced() {
        assertThat(Snippets.html("\u0002open to the end")).isEqualTo("<mark>open to the end</mark>");
        assertThat(Snippets.html("stray\u0003 end \u0002\u0002twice\u0003\u0003")).isEqualTo("stray end <mark>twice</mark>");
        assertThat(Snippets.html("🎉 \u0002é\u0003")).isEqualTo("🎉 <mark>é</mark>");
    }
}
