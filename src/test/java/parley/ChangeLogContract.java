package parley;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.store.Account;
import parley.store.AccountStore;
import parley.store.Author;
import parley.store.Database;
import parley.store.JdbcMessageStore;
import parley.store.Message;
import parley.store.Message.Reaction;
import parley.store.MessageStore;
import parley.store.RoomSummary;

/**
 * A room's change log (issue 15) in the MessageStore, run against each database Parley supports: a real
 * SQLite file ({@link SqliteChangeLogTest}) and a real PostgreSQL ({@link PostgresChangeLogTest}). Every
 * change (post, edit, delete, reaction) is the room's next change id; a message's version is its latest.
 */
abstract class ChangeLogContract extends EngineContract {
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    String url;
    Database database;
    MessageStore store;
    AccountStore accounts;

    @BeforeEach
    void open() {
        url = emptyDatabaseUrl();
        database = openDatabase(url);
        store = new JdbcMessageStore(database);
        accounts = new AccountStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    Author author(String name) {
        Account account = accounts.create(name, name.toLowerCase(Locale.ROOT), "hash-of-" + name, NOW).orElseThrow();
        return new Author(account.id(), name);
    }

    static Instant at(int seconds) {
        return NOW.plusSeconds(seconds);
    }

    // Each change returns the message as it is now, with a new version

    @Test
    void anEditReturnsTheNewTextAsTheRoomsNextChangeAndKeepsTheMessagesPlace() {
        Author ann = author("ann");
        Message first = store.append("r", ann, "first", at(1));
        Message second = store.append("r", ann, "second", at(2));
        store.append("other", ann, "elsewhere", at(3));

        Optional<Message> edited = store.edit("r", first.id(), "first, corrected", at(10));

        assertThat(edited).hasValueSatisfying(m -> {
            assertThat(m.id()).as("a message keeps its id").isEqualTo(first.id());
            assertThat(m.text()).isEqualTo("first, corrected");
            assertThat(m.editedAt()).isEqualTo(at(10));
            assertThat(m.sentAt()).isEqualTo(at(1));
            assertThat(m.author()).isEqualTo("ann");
            assertThat(m.authorId()).isEqualTo(ann.id());
            assertThat(m.isDeleted()).isFalse();
            assertThat(m.version()).as("a change id above every earlier one").isGreaterThan(store.latestId("other"));
        });
        Message now = edited.get();
        assertThat(store.latestId("r")).isEqualTo(now.version());
        assertThat(store.message("r", first.id())).hasValue(now);
        assertThat(store.recent("r", 10)).as("in its place, by id").containsExactly(now, second);
        assertThat(store.changedAfter("r", second.version(), 10)).containsExactly(now);
    }

    @Test
    void anEditKeepsTheReactionsAndAReactionKeepsTheEdit() {
        Author ann = author("ann");
        Author bob = author("bob");
        Message posted = store.append("r", ann, "hello", at(1));
        Message reacted = store.react("r", posted.id(), bob.id(), "👍", at(2)).orElseThrow();
        Message edited = store.edit("r", posted.id(), "hello there", at(3)).orElseThrow();
        assertThat(edited.reactions()).containsExactly(new Reaction("👍", List.of("bob")));
        assertThat(edited.version()).isGreaterThan(reacted.version());
        Message again = store.react("r", posted.id(), ann.id(), "👍", at(4)).orElseThrow();
        assertThat(again.text()).isEqualTo("hello there");
        assertThat(again.editedAt()).isEqualTo(at(3));
        assertThat(again.reactions()).containsExactly(new Reaction("👍", List.of("bob", "ann")));
        assertThat(again.version()).isGreaterThan(edited.version());
        assertThat(store.recent("r", 1)).containsExactly(again);
    }

    @Test
    void aReactionTogglesAndListsWhoChoseEachEmojiInTheOrderTheyChoseIt() {
        Author ann = author("ann");
        Author bob = author("bob");
        Author cy = author("cy");
        Message posted = store.append("r", ann, "lunch?", at(1));
        Message other = store.append("r", ann, "another", at(2));
        List<Long> versions = new ArrayList<>(List.of(other.version()));
        Function<Optional<Message>, Message> step = changed -> {
            Message message = changed.orElseThrow();
            assertThat(message.version()).as("each reaction is the room's next change").isGreaterThan(versions.getLast());
            versions.add(message.version());
            return message;
        };

        // Names in the order they chose, not alphabetical; emoji in the order first chosen.
        step.apply(store.react("r", posted.id(), cy.id(), "👍", at(10)));
        step.apply(store.react("r", posted.id(), bob.id(), "🎉", at(11)));
        step.apply(store.react("r", posted.id(), bob.id(), "👍", at(12)));
        Message three = step.apply(store.react("r", posted.id(), ann.id(), "👍", at(13)));
        assertThat(three.reactions()).containsExactly(
                new Reaction("👍", List.of("cy", "bob", "ann")), new Reaction("🎉", List.of("bob")));
        assertThat(three.reactions().getFirst().count()).isEqualTo(3);

        // The same emoji again by the same person takes it away; chosen again, it is last in line.
        Message withoutBob = step.apply(store.react("r", posted.id(), bob.id(), "👍", at(14)));
        assertThat(withoutBob.reactions()).containsExactly(
                new Reaction("👍", List.of("cy", "ann")), new Reaction("🎉", List.of("bob")));
        Message bobAgain = step.apply(store.react("r", posted.id(), bob.id(), "👍", at(15)));
        assertThat(bobAgain.reactions()).containsExactly(
                new Reaction("👍", List.of("cy", "ann", "bob")), new Reaction("🎉", List.of("bob")));

        // Twice is gone: when nobody is left on an emoji, it goes; when nobody reacts, there are none.
        step.apply(store.react("r", posted.id(), bob.id(), "🎉", at(16)));
        step.apply(store.react("r", posted.id(), cy.id(), "👍", at(17)));
        step.apply(store.react("r", posted.id(), ann.id(), "👍", at(18)));
        Message none = step.apply(store.react("r", posted.id(), bob.id(), "👍", at(19)));
        assertThat(none.reactions()).isEmpty();
        assertThat(store.message("r", posted.id())).hasValue(none);
        assertThat(store.recent("r", 10)).as("what every read shows").containsExactly(none, other);

        // Another message's reactions are its own.
        Message theOther = step.apply(store.react("r", other.id(), ann.id(), "👀", at(20)));
        assertThat(theOther.reactions()).containsExactly(new Reaction("👀", List.of("ann")));
        assertThat(store.changedAfter("r", 0, 10)).containsExactly(none, theOther);
    }

    @Test
    void aDeleteDropsTheTextAndReactionsAndLeavesATombstoneOnlyInTheChangeLog() {
        Author ann = author("ann");
        Author bob = author("bob");
        List<Message> posted = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            posted.add(store.append("r", ann, "m" + i, at(i)));
        }
        Message third = posted.get(2);
        store.react("r", third.id(), bob.id(), "❤️", at(10)).orElseThrow();
        long before = store.latestId("r");

        Message tombstone = store.delete("r", third.id(), at(11)).orElseThrow();

        assertThat(tombstone.id()).isEqualTo(third.id());
        assertThat(tombstone.isDeleted()).isTrue();
        assertThat(tombstone.deletedAt()).isEqualTo(at(11));
        assertThat(tombstone.text()).isEmpty();
        assertThat(tombstone.reactions()).isEmpty();
        assertThat(tombstone.version()).isGreaterThan(before);
        assertThat(store.latestId("r")).isEqualTo(tombstone.version());
        assertThat(store.message("r", third.id())).as("the permalink can tell it was deleted").hasValue(tombstone);
        assertThat(store.changedAfter("r", before, 10)).as("a reader who was away is told").containsExactly(tombstone);

        List<String> left = List.of("m1", "m2", "m4", "m5");
        assertThat(store.recent("r", 10)).extracting(Message::text).isEqualTo(left);
        assertThat(store.after("r", 0, 10)).extracting(Message::text).isEqualTo(left);
        assertThat(store.after("r", posted.get(1).id(), 10)).extracting(Message::text).containsExactly("m4", "m5");
        assertThat(store.before("r", Long.MAX_VALUE, 10)).extracting(Message::text).isEqualTo(left);
        assertThat(store.before("r", posted.get(3).id(), 10)).extracting(Message::text).containsExactly("m1", "m2");
        assertThat(store.around("r", third.id(), 5)).as("no permalink page around a deleted message").isEmpty();
        assertThat(store.around("r", posted.get(1).id(), 1)).extracting(Message::text).containsExactly("m1", "m2", "m4");
        assertThat(store.rooms(10)).as("the room's count on the home page")
                .containsExactly(new RoomSummary("r", 4, at(5)));
    }

    @Test
    void aDeletedOrAnotherRoomsMessageCannotBeChangedAndNothingIsWritten() {
        Author ann = author("ann");
        Message gone = store.append("a", ann, "soon gone", at(1));
        Message kept = store.append("a", ann, "kept", at(2));
        Message elsewhere = store.append("b", ann, "in b", at(3));
        store.delete("a", gone.id(), at(4)).orElseThrow();
        long latestA = store.latestId("a");
        long latestB = store.latestId("b");

        assertThat(store.edit("a", gone.id(), "back from the dead", at(5))).isEmpty();
        assertThat(store.react("a", gone.id(), ann.id(), "👍", at(5))).isEmpty();
        assertThat(store.delete("a", gone.id(), at(5))).as("deleted twice").isEmpty();
        assertThat(store.edit("a", elsewhere.id(), "through the wrong room", at(5))).isEmpty();
        assertThat(store.react("a", elsewhere.id(), ann.id(), "👍", at(5))).isEmpty();
        assertThat(store.delete("a", elsewhere.id(), at(5))).isEmpty();
        assertThat(store.edit("a", elsewhere.id() + 1000, "no such message", at(5))).isEmpty();
        assertThat(store.edit("nowhere", kept.id(), "no such room", at(5))).isEmpty();

        assertThat(store.latestId("a")).isEqualTo(latestA);
        assertThat(store.latestId("b")).isEqualTo(latestB);
        assertThat(store.changedAfter("a", latestA, 10)).isEmpty();
        assertThat(store.message("a", gone.id())).hasValueSatisfying(m -> {
            assertThat(m.text()).isEmpty();
            assertThat(m.reactions()).isEmpty();
            assertThat(m.version()).isEqualTo(latestA);
        });
        assertThat(store.message("b", elsewhere.id())).hasValue(elsewhere);
        assertThat(store.recent("a", 10)).containsExactly(kept);
        assertThat(store.rooms(10)).containsExactlyInAnyOrder(
                new RoomSummary("a", 1, at(2)), new RoomSummary("b", 1, at(3)));
    }

    @Test
    void latestIdIsTheRoomsNewestChangeWhateverItWas() {
        Author ann = author("ann");
        assertThat(store.latestId("r")).isZero();
        Message first = store.append("r", ann, "one", at(1));
        Message second = store.append("r", ann, "two", at(2));
        assertThat(store.latestId("r")).isEqualTo(second.id());
        Message reacted = store.react("r", first.id(), ann.id(), "😮", at(3)).orElseThrow();
        assertThat(store.latestId("r")).as("a reaction to an older message").isEqualTo(reacted.version());
        store.append("other", ann, "elsewhere", at(4));
        assertThat(store.latestId("r")).as("another room's change").isEqualTo(reacted.version());
        Message edited = store.edit("r", second.id(), "two!", at(5)).orElseThrow();
        assertThat(store.latestId("r")).isEqualTo(edited.version());
        Message deleted = store.delete("r", second.id(), at(6)).orElseThrow();
        assertThat(store.latestId("r")).as("a delete is a change too").isEqualTo(deleted.version());
        assertThat(store.latestId("r")).isEqualTo(
                store.changedAfter("r", 0, 10).stream().mapToLong(Message::version).max().orElseThrow());
    }

    // Reading the log

    @Test
    void changedAfterGivesEachChangedMessageOnceInItsLatestFormInChangeOrder() {
        Author ann = author("ann");
        Author bob = author("bob");
        List<Message> m = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            m.add(store.append("r", ann, "m" + i, at(i)));
            store.append("other", bob, "o" + i, at(i)); // interleaved change ids of another room
        }
        long seen = store.latestId("r");

        store.edit("r", m.get(2).id(), "m3, once", at(10)).orElseThrow();
        store.react("r", m.get(0).id(), bob.id(), "🎉", at(11)).orElseThrow();
        Message m3 = store.edit("r", m.get(2).id(), "m3, twice", at(12)).orElseThrow();
        Message m2 = store.delete("r", m.get(1).id(), at(13)).orElseThrow();
        Message m5 = store.append("r", bob, "m5", at(14));
        Message m1 = store.react("r", m.get(0).id(), ann.id(), "🎉", at(15)).orElseThrow();

        List<Message> changed = store.changedAfter("r", seen, 100);
        assertThat(changed).as("once each, in the order of its latest change").containsExactly(m3, m2, m5, m1);
        assertThat(changed).extracting(Message::version).isSorted().doesNotHaveDuplicates();
        assertThat(changed).extracting(Message::text).containsExactly("m3, twice", "", "m5", "m1");
        assertThat(m1.reactions()).containsExactly(new Reaction("🎉", List.of("bob", "ann")));
        assertThat(changed).noneMatch(message -> message.id() == m.get(3).id()).allMatch(message -> message.room().equals("r"));

        assertThat(store.changedAfter("r", 0, 100)).as("from the start: every message, the unchanged first")
                .containsExactly(m.get(3), m3, m2, m5, m1);
        assertThat(store.changedAfter("r", seen, 2)).as("a page").containsExactly(m3, m2);
        assertThat(store.changedAfter("r", m2.version(), 2)).as("the next page").containsExactly(m5, m1);
        assertThat(store.changedAfter("r", m1.version(), 2)).isEmpty();
        assertThat(store.changedAfter("nowhere", 0, 2)).isEmpty();
    }

    /**
     * Several rooms in one read, paged with a limit smaller than what changed, each page read from the
     * cursors the previous one moved (as a node's bus reads): every changed message of every room exactly
     * once, in its latest form, and a change made between two pages still arrives.
     */
    @Test
    void changedAfterForManyRoomsPagesFromItsCursorsWithoutLosingOrRepeating() {
        Author ann = author("ann");
        Author bob = author("bob");
        Random random = new Random(15);
        List<String> rooms = List.of("alpha", "bravo", "charlie", "delta");
        Map<String, List<Message>> posted = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            String room = rooms.get(random.nextInt(rooms.size() - 1)); // delta stays quiet after its first post
            posted.computeIfAbsent(room, r -> new ArrayList<>()).add(store.append(room, ann, room + i, at(i)));
        }
        store.append("delta", ann, "the only one", at(40));
        Map<String, Long> cursors = new HashMap<>();
        for (String room : rooms) {
            cursors.put(room, store.latestId(room));
        }
        cursors.put("empty", 0L);
        for (int i = 0; i < 30; i++) {
            List<Message> ofRoom = posted.get(rooms.get(random.nextInt(rooms.size() - 1)));
            Message target = ofRoom.get(random.nextInt(ofRoom.size()));
            switch (i % 3) {
                case 0 -> store.edit(target.room(), target.id(), "edited " + i, at(100 + i));
                case 1 -> store.react(target.room(), target.id(), (i % 2 == 0 ? ann : bob).id(), "👍", at(100 + i));
                default -> store.append(target.room(), bob, "new " + i, at(100 + i));
            }
        }
        store.delete("alpha", posted.get("alpha").getFirst().id(), at(200)).orElseThrow();
        Map<String, Long> from = Map.copyOf(cursors);
        List<Message> expected = store.changedAfter(from, 1000);
        assertThat(expected).as("enough to need several pages").hasSizeGreaterThan(9)
                .noneMatch(m -> m.room().equals("delta") || m.room().equals("empty"));
        for (String room : List.of("alpha", "bravo", "charlie")) {
            assertThat(expected).filteredOn(m -> m.room().equals(room))
                    .isEqualTo(store.changedAfter(room, from.get(room), 1000));
        }

        int limit = 4;
        List<Message> read = new ArrayList<>();
        Message lateChange = null;
        List<Message> page;
        do {
            page = store.changedAfter(cursors, limit);
            assertThat(page).hasSizeLessThanOrEqualTo(limit);
            for (Message message : page) {
                read.add(message);
                cursors.put(message.room(), message.version());
            }
            if (lateChange == null) {
                // Between two pages: a post to the room being read first, and one to a room read later.
                lateChange = store.append("alpha", ann, "late", at(300));
                store.append("charlie", ann, "late too", at(301));
            }
        } while (page.size() == limit);

        assertThat(read).as("each once").extracting(Message::id).doesNotHaveDuplicates();
        for (String room : List.of("alpha", "bravo", "charlie")) {
            assertThat(read).as("all of %s, the late post included, in change order", room)
                    .filteredOn(m -> m.room().equals(room))
                    .isEqualTo(store.changedAfter(room, from.get(room), 1000));
        }
        assertThat(read).hasSize(expected.size() + 2).contains(lateChange);
        assertThat(store.changedAfter(cursors, limit)).as("caught up").isEmpty();
        assertThat(store.changedAfter(Map.of(), limit)).isEmpty();
    }

    // Concurrency: the database, not a lock in the process, keeps a room's changes in order

    /**
     * Invariant 1 at its source, for every kind of change. Writers post, edit and react in one room at once,
     * from two pools (as two nodes would), while a reader follows the room with changedAfter(cursor) as a
     * node's bus does. If a change could commit after a later one of its room, the reader would step past it
     * and keep the message's older form: so the reader must end with exactly what is stored, having seen the
     * change ids only go up.
     */
    @Test
    void concurrentPostsEditsAndReactionsReachAFollowerInChangeOrder() throws Exception {
        Author ann = author("ann");
        Author bob = author("bob");
        List<Message> early = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            early.add(store.append("race", ann, "early " + i, at(i)));
        }
        int each = 60;
        Map<Long, Message> followed = new HashMap<>();
        List<Long> versionsSeen = new ArrayList<>();
        AtomicBoolean written = new AtomicBoolean();
        try (Database second = openDatabase(url); ExecutorService pool = Executors.newFixedThreadPool(5)) {
            MessageStore otherNode = new JdbcMessageStore(second);
            List<MessageStore> stores = List.of(store, otherNode);
            List<Future<?>> writing = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                MessageStore through = stores.get(w % 2);
                Random random = new Random(writer);
                writing.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        Message target = early.get(random.nextInt(early.size()));
                        switch (writer) {
                            case 0 -> through.append("race", ann, "post " + i, at(100 + i));
                            case 1 -> through.edit("race", target.id(), "edit " + i, at(100 + i)).orElseThrow();
                            case 2 -> through.react("race", target.id(), bob.id(), "👍", at(100 + i)).orElseThrow();
                            default -> through.react("race", target.id(), ann.id(), "🎉", at(100 + i)).orElseThrow();
                        }
                    }
                }));
            }
            Future<?> reading = pool.submit(() -> {
                long cursor = 0;
                while (true) {
                    boolean finished = written.get(); // read before: an empty read after it has seen everything
                    List<Message> news = store.changedAfter("race", cursor, 1000);
                    for (Message message : news) {
                        versionsSeen.add(message.version());
                        followed.put(message.id(), message);
                        cursor = message.version();
                    }
                    if (news.isEmpty() && finished) {
                        return;
                    }
                }
            });
            for (Future<?> writer : writing) {
                writer.get(120, TimeUnit.SECONDS);
            }
            written.set(true);
            reading.get(120, TimeUnit.SECONDS);
        }
        assertThat(versionsSeen).as("change ids only go up").isSorted().doesNotHaveDuplicates();
        Map<Long, Message> stored = store.changedAfter("race", 0, 10_000).stream()
                .collect(Collectors.toMap(Message::id, m -> m));
        assertThat(stored).hasSize(20 + each);
        assertThat(stored.values()).as("stored messages the follower has missed or has in an older form")
                .filteredOn(m -> !m.equals(followed.get(m.id()))).isEmpty();
        assertThat(followed.keySet()).isEqualTo(stored.keySet());
    }

    /**
     * An edit, a reaction and a delete of one message at once, through two pools: whichever wins, the message
     * ends deleted (text and reactions gone), and nothing changes it after its delete.
     */
    @Test
    void anEditOrAReactionRacingADeleteNeverChangesTheDeletedMessage() throws Exception {
        Author ann = author("ann");
        int rounds = 30;
        try (Database second = openDatabase(url); ExecutorService pool = Executors.newFixedThreadPool(3)) {
            MessageStore otherNode = new JdbcMessageStore(second);
            for (int round = 0; round < rounds; round++) {
                Message posted = store.append("race", ann, "round " + round, at(round));
                MessageStore deleter = round % 2 == 0 ? otherNode : store;
                CountDownLatch start = new CountDownLatch(1);
                Future<Optional<Message>> edit = pool.submit(() -> {
                    start.await();
                    return store.edit("race", posted.id(), "edited " + posted.id(), at(1000));
                });
                Future<Optional<Message>> react = pool.submit(() -> {
                    start.await();
                    return otherNode.react("race", posted.id(), ann.id(), "👀", at(1000));
                });
                Future<Optional<Message>> delete = pool.submit(() -> {
                    start.await();
                    return deleter.delete("race", posted.id(), at(1000));
                });
                start.countDown();
                Optional<Message> edited = edit.get(30, TimeUnit.SECONDS);
                Optional<Message> reacted = react.get(30, TimeUnit.SECONDS);
                Message deleted = delete.get(30, TimeUnit.SECONDS).orElseThrow();

                assertThat(deleted.isDeleted()).isTrue();
                assertThat(deleted.text()).isEmpty();
                assertThat(deleted.reactions()).isEmpty();
                edited.ifPresent(e -> assertThat(e.version()).as("an edit that won came first").isLessThan(deleted.version()));
                reacted.ifPresent(r -> assertThat(r.version()).as("a reaction that won came first").isLessThan(deleted.version()));
                assertThat(store.message("race", posted.id())).as("the delete is its last change").hasValue(deleted);
                assertThat(store.latestId("race")).isEqualTo(deleted.version());
                assertThat(store.changedAfter("race", posted.version(), 10)).containsExactly(deleted);
            }
        }
        assertThat(store.recent("race", 100)).isEmpty();
    }

    // A database from before the change log

    /**
     * A database made by the schema before the change log (V1 to V3) and used as it was then, opened by this
     * version: every old message is its own post (version = id, unchanged), the log continues above the
     * newest old id in any room, and old messages can be edited, reacted to and deleted like new ones.
     */
    @Test
    void aDatabaseFromBeforeTheChangeLogOpensWithEveryMessageAsItsOwnPost() throws Exception {
        String old = emptyDatabaseUrl();
        Flyway.configure().dataSource(old, null, null).locations("classpath:db/migration/" + vendor())
                .target("3").load().migrate();
        Map<String, List<Long>> oldIds = new HashMap<>();
        try (Connection c = DriverManager.getConnection(old); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO accounts (name, name_key, password_hash, role, created_at) "
                    + "VALUES ('alice', 'alice', 'hash', 'admin', 500)");
            s.executeUpdate("INSERT INTO rooms (name, created_at, last_active_at, message_count) VALUES "
                    + "('lobby', 1000, 5000, 3), ('random', 2000, 4000, 2)");
            s.executeUpdate("INSERT INTO messages (room, author, author_id, text, sent_at) VALUES "
                    + "('lobby', 'old-nick', NULL, 'first', 1000), ('random', 'old-nick', NULL, 'r1', 2000), "
                    + "('lobby', 'alice', (SELECT id FROM accounts WHERE name_key = 'alice'), 'second', 3000), "
                    + "('random', 'alice', (SELECT id FROM accounts WHERE name_key = 'alice'), 'r2', 4000), "
                    + "('lobby', 'bob', NULL, 'third', 5000)");
            try (ResultSet rs = s.executeQuery("SELECT room, id FROM messages ORDER BY id")) {
                while (rs.next()) {
                    oldIds.computeIfAbsent(rs.getString(1), r -> new ArrayList<>()).add(rs.getLong(2));
                }
            }
        }
        long newestOld = oldIds.values().stream().flatMap(List::stream).mapToLong(Long::longValue).max().orElseThrow();

        try (Database upgraded = openDatabase(old)) {
            MessageStore upgradedStore = new JdbcMessageStore(upgraded);
            long alice = new AccountStore(upgraded).byKey("alice").orElseThrow().id();
            List<Message> lobby = upgradedStore.changedAfter("lobby", 0, 10);
            assertThat(lobby).extracting(Message::id, Message::version, Message::author, Message::text, Message::sentAt)
                    .containsExactly(
                            tuple(oldIds.get("lobby").get(0), oldIds.get("lobby").get(0), "old-nick", "first", Instant.ofEpochMilli(1000)),
                            tuple(oldIds.get("lobby").get(1), oldIds.get("lobby").get(1), "alice", "second", Instant.ofEpochMilli(3000)),
                            tuple(oldIds.get("lobby").get(2), oldIds.get("lobby").get(2), "bob", "third", Instant.ofEpochMilli(5000)));
            assertThat(lobby).allSatisfy(m -> {
                assertThat(m.isEdited()).isFalse();
                assertThat(m.isDeleted()).isFalse();
                assertThat(m.reactions()).isEmpty();
            });
            assertThat(upgradedStore.recent("lobby", 10)).isEqualTo(lobby);
            assertThat(upgradedStore.changedAfter("random", 0, 10)).extracting(Message::id).isEqualTo(oldIds.get("random"));
            assertThat(upgradedStore.latestId("lobby")).isEqualTo(oldIds.get("lobby").getLast());
            assertThat(upgradedStore.latestId("random")).isEqualTo(oldIds.get("random").getLast());

            // A stream that had seen the second lobby message before the upgrade resumes after it.
            long seen = oldIds.get("lobby").get(1);
            assertThat(upgradedStore.changedAfter("lobby", seen, 10)).extracting(Message::text).containsExactly("third");

            Message posted = upgradedStore.append("random", new Author(alice, "alice"), "after", NOW);
            assertThat(posted.id()).as("above every old id, of any room").isGreaterThan(newestOld);
            Message elsewhere = upgradedStore.append("new-room", new Author(alice, "alice"), "new room", NOW);
            assertThat(elsewhere.id()).isGreaterThan(posted.id());
            Message edited = upgradedStore.edit("lobby", oldIds.get("lobby").get(0), "first, edited", NOW).orElseThrow();
            Message reacted = upgradedStore.react("lobby", oldIds.get("lobby").get(1), alice, "🎉", NOW).orElseThrow();
            Message deleted = upgradedStore.delete("random", oldIds.get("random").get(0), NOW).orElseThrow();
            assertThat(List.of(elsewhere.version(), edited.version(), reacted.version(), deleted.version())).isSorted();
            assertThat(reacted.reactions()).containsExactly(new Reaction("🎉", List.of("alice")));
            assertThat(upgradedStore.changedAfter("lobby", oldIds.get("lobby").getLast(), 10))
                    .containsExactly(edited, reacted);
            assertThat(upgradedStore.recent("random", 10)).extracting(Message::text).containsExactly("r2", "after");
            assertThat(upgradedStore.rooms(10)).contains(new RoomSummary("lobby", 3, Instant.ofEpochMilli(5000)),
                    new RoomSummary("random", 2, NOW));
        }
    }
}
