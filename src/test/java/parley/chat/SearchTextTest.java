package parley.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How a search is read: words, phrases, from: and in:, and what is refused with a reason. */
class SearchTextTest {

    @Test
    void wordsArePartsAsTypedAndTheLastAlsoAPrefix() {
        SearchText text = SearchText.parse("  deploy   Friday ");
        assertThat(text.terms()).containsExactly("deploy", "Friday");
        assertThat(text.prefixLast()).isTrue();
        assertThat(text.from()).isEmpty();
        assertThat(text.in()).isEmpty();
    }

    @Test
    void onlyALastWordOfThreeOrMoreLettersAndDigitsIsAPrefix() {
        assertThat(SearchText.parse("go").prefixLast()).as("too short").isFalse();
        assertThat(SearchText.parse("v2").prefixLast()).isFalse();
        assertThat(SearchText.parse("v21").prefixLast()).isTrue();
        assertThat(SearchText.parse("don't").prefixLast()).as("two words to the index").isFalse();
        assertThat(SearchText.parse("deploy \"at noon\"").prefixLast()).as("a phrase is exact").isFalse();
        assertThat(SearchText.parse("deploy from:ann").prefixLast()).as("the last part is a filter").isFalse();
        assertThat(SearchText.parse("deploy -").terms()).as("punctuation alone is no word").containsExactly("deploy");
        assertThat(SearchText.parse("deploy -").prefixLast()).as("and is not the last word either").isFalse();
    }

    @Test
    void aQuotedPhraseIsOneTermWithoutItsQuotesAndAnUnclosedOneRunsToTheEnd() {
        assertThat(SearchText.parse("\"release the kraken\" tonight").terms()).containsExactly("release the kraken", "tonight");
        assertThat(SearchText.parse("ship \"it now").terms()).containsExactly("ship", "it now");
        assertThat(SearchText.parse("a\"b c\"d").terms()).as("a quote splits a word").containsExactly("a", "b c", "d");
        assertThat(SearchText.parse("\"\" word \"  \"").terms()).containsExactly("word");
    }

    @Test
    void fromAndInAreFiltersAndMayRepeat() {
        SearchText text = SearchText.parse("budget from:ann FROM:@Bob in:#Plans in:ops from:\"mary ann\" in:\"general\"");
        assertThat(text.terms()).containsExactly("budget");
        assertThat(text.from()).containsExactly("ann", "Bob", "mary ann");
        assertThat(text.in()).as("room names as typed into Open a room").containsExactly("plans", "ops", "general");
        assertThat(SearchText.parse("from:ann").terms()).as("a filter alone is a search").isEmpty();
        assertThat(SearchText.parse("message from: ann").terms()).as("from: with nothing after it is a word")
                .containsExactly("message", "from:", "ann");
    }

    @Test
    void aRoomThatCannotBeOneIsRefusedWithTheRule() {
        assertThatThrownBy(() -> SearchText.parse("x in:#bad_name")).isInstanceOf(InvalidInput.class)
                .hasMessageStartingWith("in:#bad_name is not a room name.")
                .hasMessageContaining("1–32 characters");
    }

    @Test
    void blankIsNothingAsked() {
        assertThat(SearchText.parse(null).isBlank()).isTrue();
        assertThat(SearchText.parse(" \t\u00a0 ").isBlank()).isTrue();
        assertThat(SearchText.parse("")).isEqualTo(SearchText.NOTHING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"", "*", "-", ":", "***", "- - -", "\"\"", "()", "🎉", "'; --"})
    void punctuationAloneHasNothingToSearchForAndSaysWhatWould(String typed) {
        assertThatThrownBy(() -> SearchText.parse(typed)).isInstanceOf(InvalidInput.class)
                .hasMessage("There is nothing to search for in that: search for words (with letters or digits), "
                        + "a \"quoted phrase\", from:name or in:#room.");
    }

    @Test
    void operatorsOfQueryLanguagesAreWords() {
        assertThat(SearchText.parse("NEAR AND OR NOT").terms()).containsExactly("NEAR", "AND", "OR", "NOT");
        assertThat(SearchText.parse("text:hello col*").terms()).containsExactly("text:hello", "col*");
        assertThat(SearchText.parse("col*").prefixLast()).as("a typed star is no prefix operator").isFalse();
    }

    @Test
    void controlCharactersSeparateWordsAndAreNeverPartOfAny() {
        assertThat(SearchText.parse("a\u0000b\u0002c\u0003d").terms()).containsExactly("a", "b", "c", "d");
        assertThat(SearchText.parse("\u0002\u0003").isBlank()).as("nothing but controls: blank").isTrue();
    }

    @Test
    void aSearchOverFiveHundredCharactersIsRefusedWithItsLength() {
        assertThat(SearchText.parse("x".repeat(500)).terms()).hasSize(1);
        assertThatThrownBy(() -> SearchText.parse("word ".repeat(2048))).isInstanceOf(InvalidInput.class)
                .hasMessage("That search is 10239 characters long; a search is at most 500. Search for a few words of the message.");
        assertThat(SearchText.parse("🎉".repeat(250) + " x").terms()).as("characters, not UTF-16 units").containsExactly("x");
    }

    @Test
    void aSearchOfMoreThanTwentyPartsIsRefused() {
        assertThat(SearchText.parse("w ".repeat(20)).terms()).hasSize(20);
        assertThatThrownBy(() -> SearchText.parse("w ".repeat(21))).isInstanceOf(InvalidInput.class)
                .hasMessage("That search has 21 words, phrases and filters; a search has at most 20. Leave out the ones "
                        + "that every message would have.");
    }

    @Test
    void wordCharactersAreTheIndexsLettersNumbersAndPrivateUse() {
        assertThat(List.of('a', 'Ж', '日', '٣', 'Ⅲ', '½', '\uE000').stream().allMatch(c -> SearchText.isWordCharacter(c))).isTrue();
        assertThat(List.of('-', '_', '*', '"', ' ', '\u0301', '€').stream().noneMatch(c -> SearchText.isWordCharacter(c))).isTrue();
    }
}
