package parley;

import static org.assertj.core.api.Assertions.assertThat;


import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.store.Database;
import parley.store.Message;
import parley.store.JdbcMessageStore;
import parley.store.MessageStore;
import parley.store.RoomSummary;
import parley.store.Settings;

/**
 * The MessageStore contract, run against each database Parley supports: a real SQLite file
 * ({@link SqliteStoreTest}) and a real PostgreSQL ({@link PostgresStoreTest}).
 */
abstract class StoreContract {
    Database database;
    MessageStore store;

    /** A new, empty, migrated database. */
    abstract Database openDatabase();

    @BeforeEach
    void open() {
        database = openDatabase();
        store = new JdbcMessageStore(database);
    }

    @AfterEach
    void close() {
        database.close();
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
        String secret = new Settings(database).sessionSecret();
        assertThat(secret).matches("[0-9a-f]{64}");
        assertThat(new Settings(database).sessionSecret()).isEqualTo(secret);
    }

    /**
     * Invariant 1 at its source: a reader that has seen id k never later finds a smaller id in the room.
     * Writers race on the room while a reader follows it with after(cursor), as a node's bus does; if ids
     * could commit out of order, the reader would step past one that was not yet visible and miss it.
     */
    @Test
    void concurrentWritersCommitARoomsIdsInOrder() throws Exception {
        int writers = 4;
        int each = 100;
        List<Long> followed = new ArrayList<>();
        AtomicBoolean written = new AtomicBoolean();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers + 1)) {
            List<Future<?>> writing = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String author = "writer" + w;
                writing.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        store.append("race", author, "m" + i, Instant.ofEpochMilli(i));
                    }
                }));
            }
            Future<?> reading = pool.submit(() -> {
                long cursor = 0;
                while (true) {
                    boolean finished = written.get(); // read before: an empty read after it sees everything
                    List<Message> news = store.after("race", cursor, 1000);
                    for (Message message : news) {
                        followed.add(message.id());
                        cursor = message.id();
                    }
                    if (news.isEmpty() && finished) {
                        return;
                    }
                }
            });
            for (Future<?> writer : writing) {
                writer.get(60, TimeUnit.SECONDS);
            }
            written.set(true);
            reading.get(60, TimeUnit.SECONDS);
        }
        List<Long> stored = store.after("race", 0, writers * each + 1).stream().map(Message::id).toList();
        assertThat(stored).hasSize(writers * each);
        assertThat(followed).as("what a follower saw, against what was stored").isEqualTo(stored);
    }

    @Test
    void healthFollowsTheDatabase() {
        assertThat(store.problem()).isEmpty();
        database.close();
        assertThat(store.problem()).contains("the message store does not answer");
    }
}
