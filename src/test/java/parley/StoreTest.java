package parley;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parley.chat.Message;
import parley.store.Database;
import parley.store.JdbcMessageStore;
import parley.store.MessageStore;
import parley.store.RoomSummary;
import parley.store.Settings;

/** The MessageStore contract on a real SQLite file. */
class StoreTest {
    @TempDir
    Path dir;
    HikariDataSource dataSource;
    MessageStore store;

    @BeforeEach
    void open() {
        dataSource = Database.sqlite(dir.resolve("nested/dir/parley.db"));
        store = new JdbcMessageStore(dataSource);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void idsIncreaseAndRoomsAreSeparate() {
        Message a1 = store.append("a", "ann", "1", Instant.ofEpochMilli(1000));
        Message b1 = store.append("b", "bob", "x", Instant.ofEpochMilli(2000));
        Message a2 = store.append("a", "ann", "2", Instant.ofEpochMilli(3000));
        assertThat(a2.id()).isGreaterThan(a1.id());
        assertThat(store.recent("a", 10)).containsExactly(a1, a2);
        assertThat(store.recent("b", 10)).containsExactly(b1);
        assertThat(store.latestId("a")).isEqualTo(a2.id());
        assertThat(store.latestId("nobody")).isZero();
    }

    @Test
    void recentIsTheNewestOldestFirstAndAfterIsWhatCameLater() {
        for (int i = 1; i <= 5; i++) {
            store.append("r", "ann", "m" + i, Instant.ofEpochMilli(i));
        }
        assertThat(store.recent("r", 2)).extracting(Message::text).containsExactly("m4", "m5");
        long second = store.recent("r", 5).get(1).id();
        assertThat(store.after("r", second, 10)).extracting(Message::text).containsExactly("m3", "m4", "m5");
        assertThat(store.after("r", second, 2)).extracting(Message::text).containsExactly("m3", "m4");
    }

    @Test
    void roomsAreListedMostRecentlyActiveFirstWithTheirCounts() {
        store.append("quiet", "ann", "x", Instant.ofEpochMilli(1000));
        store.append("busy", "ann", "x", Instant.ofEpochMilli(2000));
        store.append("busy", "ann", "y", Instant.ofEpochMilli(3000));
        List<RoomSummary> rooms = store.rooms(10);
        assertThat(rooms).containsExactly(
                new RoomSummary("busy", 2, Instant.ofEpochMilli(3000)),
                new RoomSummary("quiet", 1, Instant.ofEpochMilli(1000)));
    }

    @Test
    void theSessionSecretIsMadeOnceAndKept() {
        String secret = new Settings(dataSource).sessionSecret();
        assertThat(secret).matches("[0-9a-f]{64}");
        assertThat(new Settings(dataSource).sessionSecret()).isEqualTo(secret);
    }

    @Test
    void healthFollowsTheDatabase() {
        assertThat(store.isHealthy()).isTrue();
        dataSource.close();
        assertThat(store.isHealthy()).isFalse();
    }
}
