package parley;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parley.chat.Allowance;
import parley.chat.IdempotencyKey;
import parley.chat.InvalidKey;
import parley.chat.KeyReused;
import parley.chat.Posted;
import parley.chat.Posting;
import parley.chat.RoomEntry;
import parley.store.Author;
import parley.store.Database;
import parley.store.JdbcMessageStore;
import parley.store.Message;
import parley.support.MovableClock;
import parley.support.RecordingBus;

/** The posting rule for keys, on a real SQLite file, with a clock the test moves and the bus it publishes to. */
class PostingKeysTest {
    @TempDir
    Path dir;
    Database database;
    JdbcMessageStore store;
    final MovableClock clock = new MovableClock(Instant.parse("2025-06-01T12:00:00Z"));
    final List<Message> published = new CopyOnWriteArrayList<>();
    Posting posting;

    @BeforeEach
    void open() {
        database = Database.sqlite(dir.resolve("parley.db"));
        store = new JdbcMessageStore(database);
        posting = new Posting(store, new RecordingBus(published), clock, 2000);
    }

    @AfterEach
    void close() {
        database.close();
    }

    Posted post(String text, IdempotencyKey key) {
        return posting.post(RoomEntry.unused("room"), Author.nickname("ann"), text, Allowance.UNLIMITED, key);
    }

    @Test
    void aRepeatReturnsTheFirstAnswerAndPublishesNothing() {
        IdempotencyKey key = IdempotencyKey.of("session-1", "key-00000001");
        Posted first = post("hello", key);
        assertThat(first.repeat()).isFalse();
        clock.advance(Duration.ofHours(23));
        Posted again = post("hello", key);
        assertThat(again).isEqualTo(new Posted("room", first.messageId(), true));
        assertThat(published).extracting(Message::id).containsExactly(first.messageId());
    }

    @Test
    void anotherTextWithTheKeyIsRefusedAndStoresNothing() {
        IdempotencyKey key = IdempotencyKey.of("session-1", "key-00000001");
        post("hello", key);
        assertThatThrownBy(() -> post("goodbye", key)).isInstanceOf(KeyReused.class);
        assertThatThrownBy(() -> posting.post(RoomEntry.unused("other-room"), Author.nickname("ann"), "hello", Allowance.UNLIMITED, key))
                .isInstanceOf(KeyReused.class);
        assertThat(store.recent("room", 10)).extracting(Message::text).containsExactly("hello");
        assertThat(store.recent("other-room", 10)).isEmpty();
        assertThat(published).hasSize(1);
    }

    @Test
    void afterADayTheKeyIsNewAgainAndTheSweepForgetsIt() {
        IdempotencyKey key = IdempotencyKey.of("session-1", "key-00000001");
        post("hello", key);
        post("other", IdempotencyKey.of("session-1", "key-00000002"));
        clock.advance(Posting.KEYS_KEPT.plusMillis(1));
        assertThat(posting.earlierAnswer("room", "hello", key)).isEmpty();
        assertThat(post("hello", key).repeat()).isFalse();
        assertThat(published).hasSize(3);
        assertThat(posting.forgetExpiredKeys()).as("key-00000002; key-00000001 was claimed again").isEqualTo(1);
        assertThat(posting.earlierAnswer("room", "hello", key)).isPresent();
    }

    @Test
    void theEarlierAnswerIsOnlyForTheSamePost() {
        IdempotencyKey key = IdempotencyKey.of("session-1", "key-00000001");
        Posted first = post("hello", key);
        assertThat(posting.earlierAnswer("room", " hello ", key)).hasValue(new Posted("room", first.messageId(), true));
        assertThat(posting.earlierAnswer("room", "bye", key)).isEmpty();
        assertThat(posting.earlierAnswer("room", "hello", IdempotencyKey.of("session-2", "key-00000001"))).isEmpty();
        assertThat(posting.earlierAnswer("Not A Room", "hello", key)).isEmpty();
    }

    @Test
    void aKeyIsEightToAHundredSafeCharacters() {
        for (String good : List.of("12345678", "x".repeat(100), "0c6f7e9a-2a4f-4e7b-9d53-1f0b5c1e8a77",
                "01J9Z3Q8KX5V2W7YH4TN6RBM0C", "q1w2e3r4t5y6u7i8o9p0aA==", "a.b:c+d/e_f-g")) {
            assertThat(IdempotencyKey.of("s", good).value()).isEqualTo(good);
        }
        for (String bad : List.of("", "1234567", "x".repeat(101), "with space", "quote\"d-key", "tab\tkey-key",
                "newline\nkey", "éééééééé")) {
            assertThatThrownBy(() -> IdempotencyKey.of("s", bad)).isInstanceOf(InvalidKey.class)
                    .hasMessageContaining("8 to 100 characters");
        }
    }
}
