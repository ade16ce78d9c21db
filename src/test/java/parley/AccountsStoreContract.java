package parley;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
import parley.store.MessageStore;
import parley.store.RoomKind;
import parley.store.RoomStore;
import parley.store.RoomSummary;
import parley.store.SessionStore;

/**
 * The account, session and room stores (issue 14), run against each database Parley supports: a real
 * SQLite file ({@link SqliteAccountsStoreTest}) and a real PostgreSQL ({@link PostgresAccountsStoreTest}).
 */
abstract class AccountsStoreContract extends EngineContract {
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    Database database;
    AccountStore accounts;
    SessionStore sessions;
    RoomStore rooms;
    MessageStore messages;

    Database openDatabase() {
        return openDatabase(emptyDatabaseUrl());
    }

    @BeforeEach
    void open() {
        database = openDatabase();
        accounts = new AccountStore(database);
        sessions = new SessionStore(database);
        rooms = new RoomStore(database);
        messages = new JdbcMessageStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    Account account(String name) {
        return accounts.create(name, name.toLowerCase(java.util.Locale.ROOT), "hash-of-" + name, NOW).orElseThrow();
    }

    // Accounts

    @Test
    void anAccountIsCreatedOnceForItsNameKey() {
        assertThat(accounts.any()).isFalse();
        Account alice = accounts.create("Alice", "alice", "hash-1", NOW).orElseThrow();
        assertThat(alice).isEqualTo(new Account(alice.id(), "Alice", Account.Role.ADMIN, true, NOW));
        assertThat(accounts.any()).isTrue();

        assertThat(accounts.create("ALICE", "alice", "hash-2", NOW.plusSeconds(1))).as("same key").isEmpty();
        assertThat(accounts.all()).containsExactly(alice);
        assertThat(accounts.credentials("alice")).hasValue(new AccountStore.Credentials(alice, "hash-1"));
        assertThat(accounts.credentials("bob")).isEmpty();
        assertThat(accounts.byKey("alice")).hasValue(alice);
        assertThat(accounts.byId(alice.id())).hasValue(alice);
        assertThat(accounts.byId(alice.id() + 1000)).isEmpty();
    }

    @Test
    void theFirstAccountIsTheAdminAndEveryLaterOneAMemberEvenOnceTheFirstIsDeactivated() {
        Account first = account("ann");
        Account second = account("bob");
        assertThat(first.role()).isEqualTo(Account.Role.ADMIN);
        assertThat(second.role()).isEqualTo(Account.Role.MEMBER);
        accounts.setActive(first.id(), false);
        assertThat(account("cid").role()).isEqualTo(Account.Role.MEMBER);
        assertThat(accounts.all()).extracting(Account::name).containsExactly("ann", "bob", "cid");
    }

    /**
     * People signing up at the same moment (on a first run, or on two nodes): every one gets an account and
     * exactly one of them is the admin.
     *
     * <p>FAILS AT 479b2c6 (bug in src/main, reported): AccountStore.create decides "first account" with a
     * SELECT before its INSERT in a plain transaction. On PostgreSQL (read committed) several concurrent
     * first sign-ups all see no account and all become admins ("Expected size: 1 but was: 3"). On SQLite the
     * deferred transaction that read first cannot take the write lock once another writer went ahead:
     * StoreUnavailable "[SQLITE_BUSY] The database file is locked", a 503 for a sign-up.
     */
    @Test
    void accountsCreatedAtOnceAreAllMadeAndOnlyOneIsTheAdmin() throws Exception {
        int people = 6;
        for (int round = 0; round < 5; round++) { // a race: several first runs, so it shows when it is there
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Account>> created = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(people)) {
                for (int p = 0; p < people; p++) {
                    String name = "person" + p;
                    created.add(pool.submit(() -> {
                        start.await();
                        return accounts.create(name, name, "hash", NOW).orElseThrow();
                    }));
                }
                start.countDown();
                List<Account> made = new ArrayList<>();
                for (Future<Account> account : created) {
                    made.add(account.get(30, TimeUnit.SECONDS));
                }
                assertThat(made).as("round %d", round).filteredOn(Account::isAdmin).hasSize(1);
            }
            assertThat(accounts.all()).hasSize(people).filteredOn(Account::isAdmin).hasSize(1);
            execute("DELETE FROM accounts"); // the next round is a first run again
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    @Test
    void anAccountsStateRoleAndPasswordChange() {
        account("ann");
        Account bob = account("bob");
        accounts.setActive(bob.id(), false);
        assertThat(accounts.byId(bob.id()).orElseThrow().active()).isFalse();
        accounts.setRole(bob.id(), Account.Role.ADMIN);
        assertThat(accounts.byId(bob.id()).orElseThrow().isAdmin()).isTrue();
        accounts.setPasswordHash(bob.id(), "new-hash");
        assertThat(accounts.credentials("bob").orElseThrow().passwordHash()).isEqualTo("new-hash");
        accounts.setActive(bob.id(), true);
        accounts.setRole(bob.id(), Account.Role.MEMBER);
        assertThat(accounts.byId(bob.id())).hasValue(new Account(bob.id(), "bob", Account.Role.MEMBER, true, NOW));
    }

    @Test
    void aSessionIsFoundByItsTokenHashUntilItIsEnded() {
        Account ann = account("ann");
        long id = sessions.start(ann.id(), "hash-a", "Firefox", NOW);
        assertThat(sessions.find("hash-a", NOW.minus(Duration.ofDays(30))))
                .hasValue(new SessionStore.Found(id, ann, NOW));
        assertThat(sessions.find("hash-b", NOW.minus(Duration.ofDays(30)))).isEmpty();

        assertThat(sessions.end(id, ann.id())).isTrue();
        assertThat(sessions.find("hash-a", NOW.minus(Duration.ofDays(30)))).isEmpty();
        assertThat(sessions.end(id, ann.id())).as("ended already").isFalse();
    }

    @Test
    void aSessionIdleTooLongIsNotFoundAndSeenKeepsItAlive() {
        Account ann = account("ann");
        long id = sessions.start(ann.id(), "hash-a", "Firefox", NOW);
        Instant later = NOW.plus(Duration.ofDays(31));
        assertThat(sessions.find("hash-a", later.minus(Duration.ofDays(30)))).isEmpty();
        assertThat(sessions.find("hash-a", NOW)).as("seen exactly at the limit").isPresent();

        sessions.seen(id, NOW.plus(Duration.ofDays(20)));
        assertThat(sessions.find("hash-a", later.minus(Duration.ofDays(30))))
                .hasValue(new SessionStore.Found(id, ann, NOW.plus(Duration.ofDays(20))));
    }

    @Test
    void aDeactivatedAccountsSessionsAreNotFound() {
        Account ann = account("ann");
        sessions.start(ann.id(), "hash-a", "Firefox", NOW);
        accounts.setActive(ann.id(), false);
        assertThat(sessions.find("hash-a", NOW.minusSeconds(1))).isEmpty();
        accounts.setActive(ann.id(), true);
        assertThat(sessions.find("hash-a", NOW.minusSeconds(1))).isPresent();
    }

    @Test
    void anAccountsSessionsAreListedMostRecentlySeenFirst() {
        Account ann = account("ann");
        Account bob = account("bob");
        long phone = sessions.start(ann.id(), "hash-1", "Phone", NOW);
        long laptop = sessions.start(ann.id(), "hash-2", "Laptop", NOW);
        long tablet = sessions.start(ann.id(), "hash-3", "Tablet", NOW.minusSeconds(60));
        sessions.start(bob.id(), "hash-4", "Bob's", NOW.plusSeconds(60));
        sessions.seen(phone, NOW.plusSeconds(10));
        assertThat(sessions.of(ann.id())).containsExactly(
                new SessionStore.Listed(phone, NOW, NOW.plusSeconds(10), "Phone"),
                new SessionStore.Listed(laptop, NOW, NOW, "Laptop"),
                new SessionStore.Listed(tablet, NOW.minusSeconds(60), NOW.minusSeconds(60), "Tablet"));
    }

    @Test
    void onlyTheOwnerEndsASession() {
        Account ann = account("ann");
        Account bob = account("bob");
        long annsSession = sessions.start(ann.id(), "hash-a", "Firefox", NOW);
        assertThat(sessions.end(annsSession, bob.id())).isFalse();
        assertThat(sessions.find("hash-a", NOW)).isPresent();
    }

    @Test
    void endOthersAndEndAllReturnExactlyTheSessionsTheyEnded() {
        Account ann = account("ann");
        Account bob = account("bob");
        long one = sessions.start(ann.id(), "hash-1", "One", NOW);
        long two = sessions.start(ann.id(), "hash-2", "Two", NOW);
        long three = sessions.start(ann.id(), "hash-3", "Three", NOW);
        long bobs = sessions.start(bob.id(), "hash-4", "Bob's", NOW);

        assertThat(sessions.endOthers(ann.id(), two)).containsExactlyInAnyOrder(one, three);
        assertThat(sessions.of(ann.id())).extracting(SessionStore.Listed::id).containsExactly(two);
        assertThat(sessions.endOthers(ann.id(), two)).isEmpty();

        long four = sessions.start(ann.id(), "hash-5", "Four", NOW);
        assertThat(sessions.endAll(ann.id())).containsExactlyInAnyOrder(two, four);
        assertThat(sessions.of(ann.id())).isEmpty();
        assertThat(sessions.endAll(ann.id())).isEmpty();
        assertThat(sessions.of(bob.id())).extracting(SessionStore.Listed::id).containsExactly(bobs);
    }

    // Rooms

    @Test
    void accessSaysAnExistingRoomsKindAndWhetherOneIsAMember() {
        Account ann = account("ann");
        Account bob = account("bob");
        assertThat(rooms.access("never-used", ann.id())).isEmpty();

        messages.append("lobby", new Author(ann.id(), "ann"), "hi", NOW);
        assertThat(rooms.access("lobby", ann.id())).hasValue(new RoomStore.Access(RoomKind.OPEN, true));
        assertThat(rooms.access("lobby", bob.id())).hasValue(new RoomStore.Access(RoomKind.OPEN, false));

        assertThat(rooms.create("secret", RoomKind.PRIVATE, ann.id(), NOW)).isTrue();
        assertThat(rooms.access("secret", ann.id())).hasValue(new RoomStore.Access(RoomKind.PRIVATE, true));
        assertThat(rooms.access("secret", bob.id())).hasValue(new RoomStore.Access(RoomKind.PRIVATE, false));
    }

    @Test
    void aRoomIsCreatedOnceWithItsCreatorAsMember() {
        Account ann = account("ann");
        Account bob = account("bob");
        assertThat(rooms.create("plans", RoomKind.OPEN, ann.id(), NOW)).isTrue();
        assertThat(rooms.members("plans")).containsExactly("ann");
        assertThat(rooms.create("plans", RoomKind.PRIVATE, bob.id(), NOW)).as("name taken").isFalse();
        assertThat(rooms.access("plans", bob.id())).hasValue(new RoomStore.Access(RoomKind.OPEN, false));
        assertThat(rooms.members("plans")).containsExactly("ann");

        messages.append("used", "someone", "old", NOW);
        assertThat(rooms.create("used", RoomKind.PRIVATE, bob.id(), NOW)).as("taken by a post").isFalse();
    }

    @Test
    void joiningIsIdempotentLeavingRemovesAndMembersAreByName() {
        Account zed = account("zed");
        Account ann = account("ann");
        Account bob = account("bob");
        rooms.create("plans", RoomKind.PRIVATE, zed.id(), NOW);
        rooms.join("plans", bob.id(), NOW);
        rooms.join("plans", ann.id(), NOW);
        rooms.join("plans", ann.id(), NOW.plusSeconds(1));
        assertThat(rooms.members("plans")).containsExactly("ann", "bob", "zed");

        rooms.leave("plans", bob.id());
        rooms.leave("plans", bob.id());
        assertThat(rooms.members("plans")).containsExactly("ann", "zed");
        assertThat(rooms.access("plans", bob.id())).hasValue(new RoomStore.Access(RoomKind.PRIVATE, false));
        assertThat(rooms.members("nowhere")).isEmpty();
    }

    @Test
    void theSamePeopleGetTheSameDirectRoom() {
        Account ann = account("ann");
        Account bob = account("bob");
        Account cid = account("cid");
        String key = ann.id() + "," + bob.id();
        String room = rooms.direct(key, "dm-annbob", List.of(ann.id(), bob.id()), NOW);
        assertThat(room).isEqualTo("dm-annbob");
        assertThat(rooms.direct(key, "dm-other-name", List.of(ann.id(), bob.id()), NOW.plusSeconds(1)))
                .isEqualTo("dm-annbob");
        assertThat(rooms.members(room)).containsExactly("ann", "bob");
        assertThat(rooms.access(room, ann.id())).hasValue(new RoomStore.Access(RoomKind.DIRECT, true));
        assertThat(rooms.access(room, cid.id())).hasValue(new RoomStore.Access(RoomKind.DIRECT, false));

        String three = rooms.direct(key + "," + cid.id(), "dm-three", List.of(ann.id(), bob.id(), cid.id()), NOW);
        assertThat(three).isNotEqualTo(room);
        assertThat(rooms.members(three)).containsExactly("ann", "bob", "cid");
    }

    /**
     * Two people opening their direct room at the same moment (a double click, two nodes): both land in the
     * one room, and neither gets an error.
     *
     * <p>FAILS AT 479b2c6 (bug in src/main, reported): RoomStore.direct reads then inserts in a plain
     * transaction, so the callers that lose the race get a StoreUnavailable (a 503 for the person) instead of
     * the room: "duplicate key value violates unique constraint rooms_pkey" on PostgreSQL, SQLITE_BUSY
     * ("database is locked") on SQLite. Never two rooms, but an error where the room was expected.
     */
    @Test
    void directCalledConcurrentlyForOneKeyMakesOneRoomAndAnswersBoth() throws Exception {
        Account ann = account("ann");
        Account bob = account("bob");
        String key = ann.id() + "," + bob.id();
        int callers = 4;
        for (int round = 0; round < 5; round++) {
            String roundKey = key + "#" + round;
            String name = "dm-" + round;
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
                for (int c = 0; c < callers; c++) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return rooms.direct(roundKey, name, List.of(ann.id(), bob.id()), NOW);
                    }));
                }
                start.countDown();
                for (Future<String> answer : answers) {
                    assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(name);
                }
            }
            assertThat(rooms.members(name)).containsExactly("ann", "bob");
        }
        assertThat(rooms.of(ann.id())).hasSize(5);
    }

    @Test
    void onesRoomsAreOpenAndPrivateByNameThenDirectWithTheOthersNames() {
        Account ann = account("ann");
        Account bob = account("bob");
        Account cid = account("cid");
        rooms.create("zoo", RoomKind.OPEN, ann.id(), NOW);
        rooms.create("attic", RoomKind.PRIVATE, ann.id(), NOW);
        messages.append("middle", new Author(ann.id(), "ann"), "hi", NOW);
        rooms.create("not-mine", RoomKind.OPEN, bob.id(), NOW);
        rooms.direct("k1", "dm-a", List.of(ann.id(), bob.id()), NOW);
        rooms.direct("k2", "dm-b", List.of(ann.id(), bob.id(), cid.id()), NOW);
        rooms.direct("k3", "dm-c", List.of(bob.id(), cid.id()), NOW);

        assertThat(rooms.of(ann.id())).extracting(RoomStore.Listed::name, RoomStore.Listed::kind, RoomStore.Listed::others)
                .containsExactly(
                tuple("attic", RoomKind.PRIVATE, List.of()),
                tuple("middle", RoomKind.OPEN, List.of()),
                tuple("zoo", RoomKind.OPEN, List.of()),
                tuple("dm-a", RoomKind.DIRECT, List.of("bob")),
                tuple("dm-b", RoomKind.DIRECT, List.of("bob", "cid")));
        assertThat(rooms.of(cid.id())).extracting(RoomStore.Listed::name, RoomStore.Listed::kind, RoomStore.Listed::others)
                .containsExactly(
                tuple("dm-b", RoomKind.DIRECT, List.of("ann", "bob")),
                tuple("dm-c", RoomKind.DIRECT, List.of("bob")));
    }

    // A database from before accounts (issue 14, item 9)

    /**
     * A database made by the schema of before accounts (V1 and V2) and used as it was then, with nickname
     * messages and the cookie signing key, then opened by this version: nothing is lost, every old room is an
     * open room nobody is a member of, and an account named like an old nickname posts alongside.
     */
    @Test
    void aDatabaseFromBeforeAccountsOpensWithEveryMessage() throws Exception {
        String url = emptyDatabaseUrl();
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/" + vendor())
                .target("2").load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            // What the store of before wrote for three posts and the signed cookies.
            s.executeUpdate("INSERT INTO rooms (name, created_at, last_active_at, message_count) VALUES "
                    + "('lobby', 1000, 2000, 2), ('random', 3000, 3000, 1)");
            s.executeUpdate("INSERT INTO messages (room, author, text, sent_at) VALUES "
                    + "('lobby', 'alice', 'first', 1000), ('lobby', 'bob', 'second', 2000), "
                    + "('random', 'Alice', 'third', 3000)");
            s.executeUpdate("INSERT INTO settings (name, value) VALUES ('session_secret', 'c2VjcmV0'), "
                    + "('write_check', 'abc')");
        }

        try (Database upgraded = openDatabase(url)) {
            MessageStore store = new JdbcMessageStore(upgraded);
            assertThat(store.recent("lobby", 10)).extracting(Message::author, Message::text, Message::sentAt)
                    .containsExactly(tuple("alice", "first", Instant.ofEpochMilli(1000)),
                            tuple("bob", "second", Instant.ofEpochMilli(2000)));
            assertThat(store.recent("random", 10)).extracting(Message::author).containsExactly("Alice");
            assertThat(store.rooms(10)).containsExactly(
                    new RoomSummary("random", 1, Instant.ofEpochMilli(3000)),
                    new RoomSummary("lobby", 2, Instant.ofEpochMilli(2000)));
            assertThat(column(upgraded, "SELECT COUNT(*) FROM messages WHERE author_id IS NULL")).isEqualTo("3");
            assertThat(column(upgraded, "SELECT COUNT(*) FROM settings WHERE name = 'session_secret'")).isEqualTo("0");
            assertThat(column(upgraded, "SELECT value FROM settings WHERE name = 'write_check'")).isEqualTo("abc");

            AccountStore newAccounts = new AccountStore(upgraded);
            RoomStore newRooms = new RoomStore(upgraded);
            assertThat(newAccounts.any()).as("an old nickname is not an account").isFalse();
            Account alice = newAccounts.create("alice", "alice", "hash", NOW).orElseThrow();
            assertThat(alice.isAdmin()).as("the first account after the upgrade").isTrue();
            assertThat(newRooms.access("lobby", alice.id())).hasValue(new RoomStore.Access(RoomKind.OPEN, false));

            Message posted = store.append("lobby", new Author(alice.id(), "alice"), "after", NOW);
            assertThat(store.recent("lobby", 10)).extracting(Message::author, Message::text).containsExactly(
                    tuple("alice", "first"), tuple("bob", "second"), tuple("alice", "after"));
            assertThat(posted.id()).isGreaterThan(store.recent("random", 1).getFirst().id());
            assertThat(newRooms.members("lobby")).containsExactly("alice");
            assertThat(column(upgraded, "SELECT COUNT(*) FROM messages WHERE author_id IS NULL")).isEqualTo("3");
            assertThat(column(upgraded, "SELECT author_id FROM messages WHERE id = " + posted.id()))
                    .isEqualTo(String.valueOf(alice.id()));
            assertThat(store.rooms(10)).first().isEqualTo(new RoomSummary("lobby", 3, NOW));
        }
    }

    private static String column(Database database, String sql) throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

    // Messages with accounts

    @Test
    void postingWithAnAccountMakesItAMemberAndNicknamesDoNot() {
        Account ann = account("ann");
        Account bob = account("bob");
        Message posted = messages.append("lobby", new Author(ann.id(), "ann"), "hello", NOW);
        assertThat(posted.author()).isEqualTo("ann");
        messages.append("lobby", new Author(ann.id(), "ann"), "again", NOW.plusSeconds(1));
        messages.append("lobby", "old-nick", "from before", NOW.plusSeconds(2));
        assertThat(rooms.members("lobby")).containsExactly("ann");
        assertThat(rooms.access("lobby", bob.id())).hasValue(new RoomStore.Access(RoomKind.OPEN, false));
        assertThat(messages.recent("lobby", 10)).extracting(Message::author).containsExactly("ann", "ann", "old-nick");
    }

    @Test
    void roomsListsOnlyOpenRooms() {
        Account ann = account("ann");
        Account bob = account("bob");
        Author annPosts = new Author(ann.id(), "ann");
        messages.append("lobby", annPosts, "hi", NOW);
        rooms.create("secret", RoomKind.PRIVATE, ann.id(), NOW);
        messages.append("secret", annPosts, "psst", NOW.plusSeconds(1));
        String direct = rooms.direct("k", "dm-x", List.of(ann.id(), bob.id()), NOW);
        messages.append(direct, annPosts, "psst", NOW.plusSeconds(2));

        assertThat(messages.rooms(10)).containsExactly(new RoomSummary("lobby", 1, NOW));
        assertThat(rooms.access("secret", ann.id()).orElseThrow().kind()).as("posting keeps the kind")
                .isEqualTo(RoomKind.PRIVATE);
        assertThat(messages.recent("secret", 10)).extracting(Message::text).containsExactly("psst");
        assertThat(rooms.members(direct)).containsExactly("ann", "bob");
    }
}
