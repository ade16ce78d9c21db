package parley;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.chat.InvalidInput;
import parley.chat.SearchText;
import parley.store.Account;
import parley.store.AccountStore;
import parley.store.Author;
import parley.store.Database;
import parley.store.Found;
import parley.store.JdbcMessageStore;
import parley.store.Message;
import parley.store.MessageStore;
import parley.store.RoomKind;
import parley.store.RoomStore;
import parley.store.SearchQuery;
import parley.store.SearchQuery.Order;
import parley.store.SearchStore;

/**
 * Full-text search (issue 16) in the store, run against each database Parley supports: FTS5 on a real SQLite
 * file ({@link SqliteSearchTest}) and full text on a real PostgreSQL ({@link PostgresSearchTest}). Searches are
 * read by the same {@link SearchText} the use case reads them with, so what a person types is what is tested.
 */
abstract class SearchContract extends EngineContract {
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    String url;
    Database database;
    MessageStore store;
    AccountStore accounts;
    RoomStore rooms;
    SearchStore search;
    Author ann;
    Author bob;
    Author eve;

    @BeforeEach
    void open() {
        url = emptyDatabaseUrl();
        database = openDatabase(url);
        store = new JdbcMessageStore(database);
        accounts = new AccountStore(database);
        rooms = new RoomStore(database);
        search = new SearchStore(database);
        ann = author("ann");
        bob = author("bob");
        eve = author("eve");
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

    /** What {@code viewer} finds by typing {@code typed}, newest first. */
    List<Found> find(Author viewer, String typed) {
        return find(viewer, typed, Order.NEWEST);
    }

    List<Found> find(Author viewer, String typed, Order order) {
        SearchText text = SearchText.parse(typed);
        return search.search(new SearchQuery(text.terms(), text.prefixLast(), List.of(), text.in(), order,
                Long.MAX_VALUE, 0, 50), viewer.id());
    }

    /** The ids of what was found, in order. */
    static List<Long> ids(List<Found> found) {
        return found.stream().map(Found::id).toList();
    }

    /** A snippet as plain text: the marks taken out. */
    static String plain(Found found) {
        return found.snippet().replace(String.valueOf(Found.MARK), "").replace(String.valueOf(Found.END_MARK), "");
    }

    /** The words a snippet marks as matches. */
    static List<String> marked(Found found) {
        List<String> words = new ArrayList<>();
        String s = found.snippet();
        for (int start = s.indexOf(Found.MARK); start >= 0; start = s.indexOf(Found.MARK, start + 1)) {
            words.add(s.substring(start + 1, s.indexOf(Found.END_MARK, start)));
        }
        return words;
    }

    @Test
    void findsAWordNewestFirstWithWhereItWasWhoWroteItAndTheMatchMarked() {
        Message older = store.append("ops", ann, "the deploy went fine", at(1));
        store.append("ops", bob, "lunch, anyone?", at(2));
        Message newer = store.append("ops", bob, "Deploy again tomorrow", at(3));

        List<Found> found = find(eve, "deploy");

        assertThat(ids(found)).containsExactly(newer.id(), older.id());
        Found first = found.getFirst();
        assertThat(first.room()).isEqualTo("ops");
        assertThat(first.kind()).isEqualTo(RoomKind.OPEN);
        assertThat(first.author()).isEqualTo("bob");
        assertThat(first.sentAt()).isEqualTo(at(3));
        assertThat(plain(first)).isEqualTo("Deploy again tomorrow");
        assertThat(marked(first)).as("the word as written, case and all").containsExactly("Deploy");
        assertThat(marked(found.getLast())).containsExactly("deploy");
        assertThat(ids(find(eve, "DEPLOY"))).as("case is ignored").containsExactly(newer.id(), older.id());
        assertThat(find(eve, "deployment")).as("a longer word is not the word").isEmpty();
    }

    @Test
    void everyWordMustMatchAPhraseInItsOrderAndTheLastWordAlsoAsAPrefix() {
        Message inOrder = store.append("sea", ann, "release the kraken tonight", at(1));
        Message turned = store.append("sea", ann, "the kraken: release it", at(2));
        Message alone = store.append("sea", ann, "a kraken", at(3));
        store.append("sea", ann, "krill for dinner", at(4));

        assertThat(ids(find(eve, "kraken release"))).as("every word, in any order").containsExactly(turned.id(), inOrder.id());
        assertThat(ids(find(eve, "\"release the kraken\""))).as("the phrase, as written").containsExactly(inOrder.id());
        assertThat(ids(find(eve, "\"the kraken release\""))).as("punctuation between words is no gap").containsExactly(turned.id());
        assertThat(ids(find(eve, "krak"))).as("the last word as a prefix").containsExactly(alone.id(), turned.id(), inOrder.id());
        assertThat(ids(find(eve, "kraken rel"))).as("prefix of three letters or more")
                .containsExactly(turned.id(), inOrder.id());
        assertThat(find(eve, "kraken re")).as("two letters are not a prefix: too many words begin so").isEmpty();
        assertThat(ids(find(eve, "krak kraken"))).as("only the last word is a prefix").isEmpty();
        assertThat(marked(find(eve, "krak").getFirst())).containsExactly("kraken");
    }

    @Test
    void anEditedMessageIsFoundByItsNewTextOnlyAndADeletedOneNotAtAll() {
        Message typo = store.append("r", ann, "teh quarterly report", at(1));
        Message gone = store.append("r", ann, "quarterly numbers are secret", at(2));
        store.react("r", typo.id(), bob.id(), "👍", at(3)); // a reaction leaves the text and the index alone
        store.edit("r", typo.id(), "the quarterly report, final", at(4));
        store.delete("r", gone.id(), at(5));

        assertThat(find(eve, "teh")).as("the old text").isEmpty();
        assertThat(ids(find(eve, "final"))).as("the new text").containsExactly(typo.id());
        assertThat(ids(find(eve, "quarterly"))).as("once, and not the deleted one").containsExactly(typo.id());
        assertThat(find(eve, "secret")).isEmpty();
        assertThat(plain(find(eve, "report").getFirst())).isEqualTo("the quarterly report, final");

        // Edited again, after all that: the index still forgets exactly what it had.
        store.edit("r", typo.id(), "annual summary", at(6));
        assertThat(find(eve, "quarterly")).isEmpty();
        assertThat(ids(find(eve, "annual summary"))).containsExactly(typo.id());
        assertThat(find(eve, "delete")).isEmpty();
    }

    @Test
    void aPrivateOrDirectRoomsMessagesAreFoundByItsMembersOnlyWhateverTheSearchSays() {
        rooms.create("plans", RoomKind.PRIVATE, ann.id(), NOW);
        Message secret = store.append("plans", ann.member(), "the zebra plan", at(1));
        Message open = store.append("lobby", bob, "zebra crossing", at(2));
        String dm = rooms.direct(ann.id() + "," + bob.id(), "dm-0123456789abcdef", List.of(ann.id(), bob.id()), NOW);
        Message direct = store.append(dm, ann.member(), "zebra in our dm", at(3));

        assertThat(ids(find(ann, "zebra"))).containsExactly(direct.id(), open.id(), secret.id());
        assertThat(ids(find(bob, "zebra"))).containsExactly(direct.id(), open.id());
        assertThat(ids(find(eve, "zebra"))).as("an open room is anyone's").containsExactly(open.id());
        assertThat(find(ann, "zebra").getFirst().kind()).isEqualTo(RoomKind.DIRECT);
        assertThat(find(ann, "zebra").getFirst().others()).as("a direct room's other people").containsExactly("bob");
        assertThat(find(bob, "zebra").getFirst().others()).containsExactly("ann");
        assertThat(find(ann, "zebra").get(1).others()).as("an open room has none").isEmpty();
        for (String probe : List.of("zebra in:plans", "zebra in:" + dm, "plan", "in:plans", "in:" + dm, "\"zebra plan\"")) {
            assertThat(find(eve, probe)).as(probe).isEmpty();
            assertThat(find(eve, probe, Order.RELEVANCE)).as(probe + " by relevance").isEmpty();
        }
        assertThat(ids(find(eve, "zebra", Order.RELEVANCE))).containsExactly(open.id());
        assertThat(ids(search.search(new SearchQuery(List.of(), false, List.of(ann.id()), List.of(), Order.NEWEST,
                Long.MAX_VALUE, 0, 10), eve.id()))).as("from:ann, for eve").isEmpty();
        rooms.join("plans", eve.id(), NOW);
        assertThat(ids(find(eve, "zebra"))).as("once a member").containsExactly(open.id(), secret.id());
    }

    @Test
    void fromAndInNarrowASearchAndAloneListTheirMessagesNewestFirstFromTheirBeginning() {
        Message annHere = store.append("here", ann, "status: all green", at(1));
        Message bobHere = store.append("here", bob, "status: one red", at(2));
        Message annThere = store.append("there", ann, "status: unknown", at(3));
        String longText = "long ".repeat(100).strip();
        Message annLong = store.append("there", ann, longText, at(4));

        assertThat(ids(query(List.of("status"), List.of(ann.id()), List.of()))).containsExactly(annThere.id(), annHere.id());
        assertThat(ids(query(List.of("status"), List.of(), List.of("here")))).containsExactly(bobHere.id(), annHere.id());
        assertThat(ids(query(List.of("status"), List.of(ann.id(), bob.id()), List.of("here", "there"))))
                .as("several of each: any of them").containsExactly(annThere.id(), bobHere.id(), annHere.id());
        assertThat(ids(query(List.of("status"), List.of(bob.id()), List.of("there")))).isEmpty();

        List<Found> annsMessages = query(List.of(), List.of(ann.id()), List.of());
        assertThat(ids(annsMessages)).containsExactly(annLong.id(), annThere.id(), annHere.id());
        assertThat(annsMessages.get(1).snippet()).as("unmarked: no word matched").isEqualTo("status: unknown");
        assertThat(annsMessages.getFirst().snippet()).as("the beginning of a long one")
                .isEqualTo(longText.substring(0, 200) + Found.ELLIPSIS);
        assertThat(ids(find(eve, "in:there"))).containsExactly(annLong.id(), annThere.id());
    }

    private List<Found> query(List<String> terms, List<Long> authors, List<String> inRooms) {
        return search.search(new SearchQuery(terms, false, authors, inRooms, Order.NEWEST, Long.MAX_VALUE, 0, 10), eve.id());
    }

    @Test
    void byRelevanceTheBetterMatchComesFirstWhereNewestFirstItWouldNot() {
        Message better = store.append("fruit", ann, "apple apple apple", at(1));
        Message worse = store.append("fruit", ann, "an apple among pears, plums, grapes, melons, kiwis and limes", at(2));
        Message unrelated = store.append("fruit", ann, "pears only", at(3));

        assertThat(ids(find(eve, "apple"))).containsExactly(worse.id(), better.id());
        assertThat(ids(find(eve, "apple", Order.RELEVANCE))).containsExactly(better.id(), worse.id());
        assertThat(ids(find(eve, "pears", Order.RELEVANCE))).containsExactly(unrelated.id(), worse.id());
        assertThat(find(eve, "banana", Order.RELEVANCE)).isEmpty();
    }

    @Test
    void pagesFollowOnWithoutGapsOrRepeatsInEitherOrder() {
        List<Long> all = IntStream.rangeClosed(1, 25)
                .mapToObj(i -> store.append("many", ann, "match number " + i + " " + "x ".repeat(i % 5), at(i)).id())
                .toList().reversed();
        List<Long> newest = new ArrayList<>();
        long before = Long.MAX_VALUE;
        for (int page = 0; page < 3; page++) {
            List<Found> found = search.search(new SearchQuery(List.of("match"), false, List.of(), List.of(), Order.NEWEST,
                    before, 0, 10), eve.id());
            newest.addAll(ids(found));
            before = found.isEmpty() ? 0 : found.getLast().id();
        }
        assertThat(newest).isEqualTo(all);

        List<Long> ranked = new ArrayList<>();
        for (int offset = 0; offset < 30; offset += 10) {
            ranked.addAll(ids(search.search(new SearchQuery(List.of("match"), false, List.of(), List.of(), Order.RELEVANCE,
                    Long.MAX_VALUE, offset, 10), eve.id())));
        }
        assertThat(ranked).hasSize(25).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void onlyTheNewestMatchesAreRankedSoARankedSearchReadsABoundedNumber() throws Exception {
        List<Long> ids = bulk("flood", IntStream.range(0, SearchStore.RANKED_WINDOW + 5)
                .mapToObj(i -> i < 5 ? "needle needle needle" : "needle in hay " + i).toList());
        List<Found> best = search.search(new SearchQuery(List.of("needle"), false, List.of(), List.of(), Order.RELEVANCE,
                Long.MAX_VALUE, 0, 10), eve.id());
        assertThat(ids(best)).as("the five best are the oldest five, older than the window").doesNotContainAnyElementsOf(ids.subList(0, 5));
        assertThat(ids(best)).allMatch(id -> id >= ids.get(5));
    }

    /**
     * Posts these messages by ann into an open room in one transaction, as the store would one by one (a
     * thousand posts each waiting for the disk would take the test seconds); returns their ids, oldest first.
     */
    List<Long> bulk(String room, List<String> texts) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO rooms (name, created_at, last_active_at, message_count) VALUES ('" + room
                        + "', 0, 0, 0) ON CONFLICT (name) DO NOTHING");
            }
            try (var change = c.prepareStatement("INSERT INTO changes (room, message_id, kind, changed_at) VALUES (?, NULL, 'post', ?) RETURNING id");
                    var message = c.prepareStatement("INSERT INTO messages (id, room, author, author_id, text, sent_at, version) VALUES (?, ?, 'ann', ?, ?, ?, ?)")) {
                for (String text : texts) {
                    change.setString(1, room);
                    change.setLong(2, NOW.toEpochMilli());
                    long id;
                    try (var rs = change.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                    message.setLong(1, id);
                    message.setString(2, room);
                    message.setLong(3, ann.id());
                    message.setString(4, text);
                    message.setLong(5, NOW.toEpochMilli());
                    message.setLong(6, id);
                    message.executeUpdate();
                    ids.add(id);
                }
            }
            c.commit();
        }
        return ids;
    }

    @Test
    void whatIsTypedIsOnlyEverWordsNeverQuerySyntaxNorSql() {
        Message operators = store.append("ops", ann, "NEAR AND OR NOT are words here", at(1));
        Message sql = store.append("ops", ann, "drop table messages, said nobody", at(2));
        Message star = store.append("ops", ann, "a star: * and a dash - and a colon :", at(3));

        assertThat(ids(find(eve, "NEAR"))).containsExactly(operators.id());
        assertThat(ids(find(eve, "AND NOT"))).containsExactly(operators.id());
        assertThat(ids(find(eve, "NEAR(AND OR)"))).as("words joined by punctuation: a phrase").containsExactly(operators.id());
        assertThat(find(eve, "NEAR(words)")).as("near and words are not next to each other").isEmpty();
        assertThat(ids(find(eve, "'; DROP TABLE messages; --"))).containsExactly(sql.id());
        assertThat(ids(find(eve, "star: *"))).containsExactly(star.id());
        assertThat(ids(find(eve, "\"dash -\" colon:"))).containsExactly(star.id());
        assertThat(store.recent("ops", 10)).as("nothing was dropped").hasSize(3);

        for (String hostile : List.of("\"", "\"\"", "*", "-", ":", "NEAR", "AND", "OR NOT", "a:b", "text:words", "^words",
                "+words", "words*", "{words here}", "NEAR(a b, 2)", "a & b | !c", "a <-> b", "'a':*", "') OR 1=1 --",
                "\\", "%", "_", "words\"", "\"unclosed phrase", "from: in:", "in:\"ops\" words", "x\u0000y",
                "\u0002words\u0003", "é*", "日本語", "🎉 words")) {
            for (Order order : Order.values()) {
                assertThatCode(() -> {
                    try {
                        find(eve, hostile, order);
                    } catch (InvalidInput refusedWithAReason) {
                        assertThat(refusedWithAReason.getMessage()).isNotBlank();
                    }
                }).as("%s, %s", hostile, order).doesNotThrowAnyException();
            }
        }
        // 10 KB as one term: the use case refuses it, and the store copes anyway (PostgreSQL leaves out a word
        // longer than 2,047 bytes, as its index did).
        String huge = "word".repeat(2500);
        for (Order order : Order.values()) {
            assertThatCode(() -> search.search(new SearchQuery(List.of(huge, "a " + huge), true, List.of(), List.of(),
                    order, Long.MAX_VALUE, 0, 10), eve.id())).doesNotThrowAnyException();
            assertThatCode(() -> search.search(new SearchQuery(List.of("it's\\' :* | !"), true, List.of(), List.of(),
                    order, Long.MAX_VALUE, 0, 10), eve.id())).as("a prefix of anything").doesNotThrowAnyException();
        }
    }

    @Test
    void randomTypingNeverBreaksASearch() {
        Random random = new Random(16);
        String alphabet = "ab \"*-:()^+{}'\\%_;,.&|!<>@#/\u00e9\u65e5\t\u0002";
        for (int i = 0; i < 60; i++) {
            store.append("noise", ann, "ab " + i + " ba " + "a b".repeat(i % 3), at(i));
        }
        for (int i = 0; i < 400; i++) {
            StringBuilder typed = new StringBuilder();
            int length = 1 + random.nextInt(20);
            for (int k = 0; k < length; k++) {
                typed.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            Order order = i % 2 == 0 ? Order.NEWEST : Order.RELEVANCE;
            try {
                find(eve, typed.toString(), order);
            } catch (InvalidInput refused) {
                // a search of punctuation alone: refused with a reason, which SearchTextTest reads
            }
        }
    }

    @Test
    void messagesFromBeforeSearchExistedAreFoundAfterTheUpgradeAndStayInStep() throws Exception {
        String old = emptyDatabaseUrl();
        Flyway.configure().dataSource(old, null, null).locations("classpath:db/migration/" + vendor())
                .target("4").load().migrate();
        try (Connection c = DriverManager.getConnection(old); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO rooms (name, created_at, last_active_at, message_count, kind) VALUES "
                    + "('lobby', 1000, 5000, 3, 'open'), ('attic', 1000, 5000, 1, 'private')");
            s.executeUpdate("INSERT INTO changes (id, room, message_id, kind, changed_at) "
                    + (vendor().equals("postgresql") ? "OVERRIDING SYSTEM VALUE " : "")
                    + "VALUES (1, 'lobby', NULL, 'post', 1000), (2, 'lobby', NULL, 'post', 2000), "
                    + "(3, 'lobby', NULL, 'post', 3000), (4, 'attic', NULL, 'post', 4000), (5, 'lobby', 3, 'delete', 5000)");
            s.executeUpdate("INSERT INTO messages (id, room, author, text, sent_at, version, deleted_at) VALUES "
                    + "(1, 'lobby', 'old-nick', 'an old harbour story', 1000, 1, NULL), "
                    + "(2, 'lobby', 'old-nick', 'the harbour again', 2000, 2, NULL), "
                    + "(3, 'lobby', 'old-nick', '', 3000, 5, 5000), "
                    + "(4, 'attic', 'old-nick', 'a hidden harbour', 4000, 4, NULL)");
            if (vendor().equals("postgresql")) {
                s.executeQuery("SELECT setval(pg_get_serial_sequence('changes', 'id'), 5)").close();
            }
        }
        try (Database upgraded = openDatabase(old)) {
            SearchStore upgradedSearch = new SearchStore(upgraded);
            MessageStore upgradedStore = new JdbcMessageStore(upgraded);
            long reader = new AccountStore(upgraded).create("reader", "reader", "hash", NOW).orElseThrow().id();
            SearchQuery harbour = new SearchQuery(List.of("harbour"), false, List.of(), List.of(), Order.NEWEST,
                    Long.MAX_VALUE, 0, 10);
            assertThat(ids(upgradedSearch.search(harbour, reader))).as("every readable message there was")
                    .containsExactly(2L, 1L);

            upgradedStore.edit("lobby", 1, "an old sailing story", Instant.ofEpochMilli(6000));
            assertThat(ids(upgradedSearch.search(harbour, reader))).containsExactly(2L);
            assertThat(ids(upgradedSearch.search(new SearchQuery(List.of("sailing"), false, List.of(), List.of(),
                    Order.NEWEST, Long.MAX_VALUE, 0, 10), reader))).containsExactly(1L);
        }
    }
}
