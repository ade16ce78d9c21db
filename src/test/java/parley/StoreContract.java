package parley;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


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
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import parley.store.Appended;
import parley.store.Database;
import parley.store.PostKey;
import parley.store.StoreUnavailable;
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
    void beforeIsThePageJustAboveAnIdOldestFirst() {
        List<Message> all = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            all.add(store.append("r", "ann", "m" + i, Instant.ofEpochMilli(i)));
            store.append("other", "bob", "o" + i, Instant.ofEpochMilli(i)); // interleaved ids of another room
        }
        long fifth = all.get(4).id();
        assertThat(store.before("r", fifth, 2)).extracting(Message::text).containsExactly("m3", "m4");
        assertThat(store.before("r", fifth, 50)).extracting(Message::text).containsExactly("m1", "m2", "m3", "m4");
        assertThat(store.before("r", all.getFirst().id(), 50)).as("nothing before the first").isEmpty();
        assertThat(store.before("r", Long.MAX_VALUE, 3)).as("a position past the newest")
                .extracting(Message::text).containsExactly("m5", "m6", "m7");
        long otherRoomsId = store.recent("other", 1).getFirst().id();
        assertThat(store.before("r", otherRoomsId, 50)).as("another room's id is only a position")
                .allMatch(m -> m.room().equals("r") && m.id() < otherRoomsId);
        assertThat(store.before("nobody", Long.MAX_VALUE, 50)).isEmpty();
    }

    @Test
    void aroundIsTheMessageWithItsNeighboursOrNothingForAnotherRoomsId() {
        List<Message> all = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            all.add(store.append("r", "ann", "m" + i, Instant.ofEpochMilli(i)));
        }
        Message elsewhere = store.append("other", "bob", "o", Instant.ofEpochMilli(10));
        assertThat(store.around("r", all.get(4).id(), 2)).extracting(Message::text)
                .containsExactly("m3", "m4", "m5", "m6", "m7");
        assertThat(store.around("r", all.get(1).id(), 3)).as("near the beginning").extracting(Message::text)
                .containsExactly("m1", "m2", "m3", "m4", "m5");
        assertThat(store.around("r", all.getLast().id(), 2)).as("the newest").extracting(Message::text)
                .containsExactly("m7", "m8", "m9");
        assertThat(store.around("r", elsewhere.id(), 2)).as("another room's message").isEmpty();
        assertThat(store.around("r", elsewhere.id() + 1000, 2)).as("an unknown id").isEmpty();
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
    void theInviteCodeIsMadeOnceAndKeptUntilRotated() {
        String code = new Settings(database).inviteCode();
        assertThat(code).matches("[0-9a-f]{32}");
        assertThat(new Settings(database).inviteCode()).isEqualTo(code);
        String rotated = new Settings(database).rotateInviteCode();
        assertThat(rotated).isNotEqualTo(code);
        assertThat(new Settings(database).inviteCode()).isEqualTo(rotated);
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

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final Instant DAY_AGO = NOW.minus(Duration.ofDays(1));

    @Test
    void aKeyStoresItsMessageOnceAndThenReturnsWhatItAnswered() {
        PostKey key = new PostKey("session-1", "key-0001", "fingerprint-a");
        Appended first = store.append("keys", "ann", "hello", NOW, key, DAY_AGO);
        assertThat(first).isInstanceOf(Appended.Stored.class);
        long id = ((Appended.Stored) first).message().id();
        Appended again = store.append("keys", "ann", "hello", NOW.plusSeconds(5), key, DAY_AGO.plusSeconds(5));
        assertThat(again).isEqualTo(new Appended.Earlier(id, "fingerprint-a"));
        // Reported as it was recorded, whatever the repeat carries: the caller compares the fingerprints.
        assertThat(store.append("keys", "ann", "other", NOW, new PostKey("session-1", "key-0001", "fingerprint-b"), DAY_AGO))
                .isEqualTo(new Appended.Earlier(id, "fingerprint-a"));
        assertThat(store.recent("keys", 10)).extracting(Message::text).containsExactly("hello");
        assertThat(store.rooms(10)).containsExactly(new RoomSummary("keys", 1, NOW));
        assertThat(store.earlier("session-1", "key-0001", DAY_AGO)).hasValue(new Appended.Earlier(id, "fingerprint-a"));
    }

    @Test
    void keysArePerScopeAndCaseSensitive() {
        store.append("keys", "ann", "hi", NOW, new PostKey("session-1", "key-0001", "f"), DAY_AGO);
        assertThat(store.append("keys", "bob", "hi", NOW, new PostKey("session-2", "key-0001", "f"), DAY_AGO))
                .isInstanceOf(Appended.Stored.class);
        assertThat(store.append("keys", "ann", "hi", NOW, new PostKey("session-1", "KEY-0001", "f"), DAY_AGO))
                .isInstanceOf(Appended.Stored.class);
        assertThat(store.recent("keys", 10)).hasSize(3);
        assertThat(store.earlier("session-3", "key-0001", DAY_AGO)).isEmpty();
    }

    @Test
    void aKeyOlderThanItsDayIsNewAgainAndIsSweptAway() {
        PostKey key = new PostKey("session-1", "key-0001", "f");
        Instant yesterday = NOW.minus(Duration.ofHours(25));
        store.append("keys", "ann", "old", yesterday, key, yesterday.minus(Duration.ofDays(1)));
        store.append("keys", "ann", "recent", NOW, new PostKey("session-1", "key-0002", "f"), DAY_AGO);
        assertThat(store.earlier("session-1", "key-0001", DAY_AGO)).as("expired, though not swept yet").isEmpty();

        assertThat(store.append("keys", "ann", "old", NOW, key, DAY_AGO)).isInstanceOf(Appended.Stored.class);
        assertThat(store.recent("keys", 10)).extracting(Message::text).containsExactly("old", "recent", "old");

        store.append("keys", "ann", "older", yesterday, new PostKey("session-1", "key-0003", "f"), yesterday.minus(Duration.ofDays(1)));
        assertThat(store.forgetKeys(DAY_AGO)).isEqualTo(1);
        assertThat(store.earlier("session-1", "key-0001", DAY_AGO)).isPresent(); // claimed again today: kept
        assertThat(store.earlier("session-1", "key-0002", DAY_AGO)).isPresent();
        assertThat(store.forgetKeys(DAY_AGO)).isZero();
    }

    @Test
    void anAppendThatFailsRecordsNoKeySoTheRetryStores() {
        PostKey key = new PostKey("session-1", "key-0001", "f");
        // A room name the schema refuses (NOT NULL) fails after the key was written in the same transaction.
        assertThatThrownBy(() -> store.append(null, "ann", "lost", NOW, key, DAY_AGO)).isInstanceOf(StoreUnavailable.class);
        assertThat(store.earlier("session-1", "key-0001", DAY_AGO)).isEmpty();
        assertThat(store.append("keys", "ann", "retried", NOW, key, DAY_AGO)).isInstanceOf(Appended.Stored.class);
        assertThat(store.recent("keys", 10)).extracting(Message::text).containsExactly("retried");
    }

    /** The database, not a lock in the process, decides: several writers at once, as on several nodes. */
    @Test
    void ofManyAppendsWithOneKeyAtOnceExactlyOneStores() throws Exception {
        int writers = 8;
        PostKey key = new PostKey("session-1", "key-0001", "f");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Appended>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (int w = 0; w < writers; w++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return store.append("once", "ann", "just once", NOW, key, DAY_AGO);
                }));
            }
            start.countDown();
            List<Appended> answers = new ArrayList<>();
            for (Future<Appended> result : results) {
                answers.add(result.get(60, TimeUnit.SECONDS));
            }
            List<Message> stored = store.recent("once", 10);
            assertThat(stored).hasSize(1);
            assertThat(answers).filteredOn(Appended.Stored.class::isInstance).hasSize(1);
            assertThat(answers).filteredOn(Appended.Earlier.class::isInstance)
                    .containsOnly(new Appended.Earlier(stored.getFirst().id(), "f")).hasSize(writers - 1);
        }
    }

    @Test
    void healthFollowsTheDatabase() {
        assertThat(store.problem()).isEmpty();
        database.close();
        assertThat(store.problem()).contains("the message store does not answer");
    }
}
