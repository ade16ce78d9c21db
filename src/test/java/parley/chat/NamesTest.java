package parley.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "Alice", "ALICE",
        "\u0430lice", // Cyrillic а
        "\uFF41\uFF4C\uFF49\uFF43\uFF45", // fullwidth ａｌｉｃｅ
        "al\u0131ce", // dotless ı
        "\u0391LICE", // Greek capital Alpha
        "ali\u200Bce", // a zero-width space inside
        "\uD835\uDC1A\uD835\uDC25\uD835\uDC22\uD835\uDC1C\uD835\uDC1E", // mathematical bold 𝐚𝐥𝐢𝐜𝐞
    })
    void lookAlikesAndOtherCasesOfANameShareItsKey(String lookAlike) {
        assertThat(Names.skeleton(Names.accountName(lookAlike))).isEqualTo(Names.skeleton("alice"));
    }

    @Test
    void rnAndMShareAKeyAsTheyLookAlike() {
        assertThat(Names.skeleton("rnary")).isEqualTo(Names.skeleton("Mary"));
    }

    @Test
    void aCapitalTheSkeletonMakesIsFoldedToo() {
        assertThat(Names.skeleton("\u2102at")).isEqualTo(Names.skeleton("cat")); // double-struck ℂ
    }

    @Test
    void differentNamesHaveDifferentKeys() {
        assertThat(Names.skeleton("alice")).isNotEqualTo(Names.skeleton("alicia"));
        assertThat(Names.skeleton("alice")).isNotEqualTo(Names.skeleton("bob"));
        assertThat(Names.skeleton("alice")).isNotEqualTo(Names.skeleton("alice2"));
        assertThat(Names.skeleton("anna")).isNotEqualTo(Names.skeleton("hanna"));
    }

    @Property
    void caseNeverMakesANewAsciiName(@ForAll @AlphaChars @StringLength(min = 1, max = 24) String name) {
        assertThat(Names.skeleton(name.toUpperCase(Locale.ROOT))).isEqualTo(Names.skeleton(name.toLowerCase(Locale.ROOT)));
    }

    @Test
    void aNameIsStrippedAndNormalisedToNfc() {
        assertThat(Names.accountName("  Zoe\u0308 ")).isEqualTo("Zo\u00EB");
    }

    @Test
    void emojiAndOtherScriptsAreNames() {
        assertThat(Names.accountName("🦊 fox")).isEqualTo("🦊 fox");
        assertThat(Names.accountName("👩‍💻".repeat(8))).isEqualTo("👩‍💻".repeat(8)); // 24 code points, ZWJ included
        assertThat(Names.accountName("Иван")).isEqualTo("Иван");
        assertThat(Names.accountName("李小龍")).isEqualTo("李小龍");
    }

    @Test
    void twentyFourCharactersAreANameAndTwentyFiveAreNot() {
        assertThat(Names.accountName("a".repeat(24))).hasSize(24);
        assertThat(Names.accountName("😀".repeat(24))).hasSize(48);
        assertThatThrownBy(() -> Names.accountName("a".repeat(25)))
                .isInstanceOf(InvalidInput.class)
                .hasMessage("That name is 25 characters long; a name is 1–24 characters.");
        assertThatThrownBy(() -> Names.accountName("😀".repeat(25))).isInstanceOf(InvalidInput.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t"})
    void anEmptyNameIsRefused(String empty) {
        assertThatThrownBy(() -> Names.accountName(empty))
                .isInstanceOf(InvalidInput.class)
                .hasMessage("Choose a name: 1–24 characters.");
        assertThatThrownBy(() -> Names.accountName(null)).isInstanceOf(InvalidInput.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ann\nbob", "ann\tbob", "a\u0000b", "a\u0085b", "a\u007Fb"})
    void controlCharactersAreRefused(String name) {
        assertThatThrownBy(() -> Names.accountName(name))
                .isInstanceOf(InvalidInput.class)
                .hasMessage("A name can't contain control characters such as line breaks or tabs.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u202Eecila", "ali\u202Dce", "a\u202Ab", "a\u2066b\u2069", "a\u2067b", "a\u2068b",
        "a\u200Eb", "a\u200Fb", "a\u061Cb"})
    void textDirectionControlsAreRefused(String name) {
        assertThatThrownBy(() -> Names.accountName(name))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("change the direction of text");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u200B", "\u200B\u200C\u200D", "\u2060\uFEFF", "\u3164", "\uFFA0\u3164", "\u2800", "\u00AD",
        "\u200B \u200B"})
    void aNameThatDrawsNothingIsRefused(String name) {
        assertThatThrownBy(() -> Names.accountName(name))
                .isInstanceOf(InvalidInput.class)
                .hasMessage("A name needs at least one visible character.");
    }
}
