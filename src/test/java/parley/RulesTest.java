package parley;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import parley.chat.InvalidInput;
import parley.chat.Names;
import parley.chat.NoSuchRoom;
import parley.chat.Rules;

class RulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "general", "a-b-c", "9lives", "abcdefghijklmnopqrstuvwxyz012345"})
    void validRoomNames(String name) {
        assertThat(Rules.roomName(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a", "A", "a_b", "a b", "a.b", "..", "a/b", "abcdefghijklmnopqrstuvwxyz0123456", "ａ", "é"})
    void invalidRoomNames(String name) {
        assertThatThrownBy(() -> Rules.roomName(name)).isInstanceOf(NoSuchRoom.class).hasMessageContaining("1–32");
    }

    @Test
    void typedRoomNamesAreLowerCasedAndSpacesBecomeDashes() {
        assertThat(Rules.roomNameTyped("  Book Club ")).isEqualTo("book-club");
    }

    @Test
    void accountNamesAreTrimmedAndCountedInCharactersNotBytes() {
        assertThat(Names.accountName("  ann ")).isEqualTo("ann");
        assertThat(Names.accountName("😀".repeat(24))).hasSize(48);
        assertThatThrownBy(() -> Names.accountName("😀".repeat(25))).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> Names.accountName("a\u0085b")).isInstanceOf(InvalidInput.class);
    }

    @Test
    void messageTextKeepsTabsAndNormalisesLineBreaks() {
        assertThat(Rules.messageText("a\r\nb\rc\nd\te", Rules.TEXT_MAX)).isEqualTo("a\nb\nc\nd\te");
        assertThatThrownBy(() -> Rules.messageText("a\u0000", Rules.TEXT_MAX)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> Rules.messageText(null, Rules.TEXT_MAX)).isInstanceOf(InvalidInput.class);
    }
}
