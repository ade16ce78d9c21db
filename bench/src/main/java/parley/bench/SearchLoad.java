package parley.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The search benchmark (issue 16): 100,000 messages, then searches one at a time over HTTP, as a person runs
 * them: a common word, a rare word, a phrase, from:, and a word nothing holds, newest first and by best match.
 *
 * <p>The messages are written straight into the running server's SQLite file, in one transaction, as Parley's
 * own posts would write them (the change log, the message, the room's count), so the schema's triggers index
 * them as they index every post; posting 100,000 messages over HTTP, each waiting for the disk, would take
 * minutes and measure posting. Words follow Zipf's law over a vocabulary of 12,000, as words in chat do: the
 * commonest is in about a third of the messages, the rarest in a handful. The rooms are 40 open ones, 10 private
 * ones and 20 direct ones, and the reader is a member of half of the private and direct ones; a further word is
 * only in the private rooms the reader is not in, to measure what a probe for it costs.
 */
final class SearchLoad {
    private static final int MESSAGES = 100_000;
    private static final int VOCABULARY = 12_000;
    private static final int OPEN_ROOMS = 40;
    private static final int PRIVATE_ROOMS = 10;
    private static final int DIRECT_ROOMS = 20;
    private static final String READER = "reader";
    private static final String PASSWORD = "bench-password";
    private static final List<String> AUTHORS = List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace",
            "heidi", "ivan", "judy", "oscar", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yvonne");
    /** The commonest words, as in English chat; then the team's words; then made-up words, rarer and rarer. */
    private static final List<String> COMMON = List.of("the", "to", "and", "a", "i", "it", "is", "we", "on", "for",
            "that", "this", "in", "you", "of", "be", "with", "can", "do", "not");
    private static final List<String> TEAM = List.of("deploy", "release", "review", "merge", "lunch", "meeting",
            "build", "test", "bug", "fix", "ticket", "branch", "server", "database", "customer", "design");
    /** Only in the private rooms the reader is not a member of. */
    private static final String HIDDEN_WORD = "kumquat";
    private static final int HIDDEN_MESSAGES = 2_000;
    private static final String PHRASE = "release candidate";

    private SearchLoad() {}

    static String measure(ServerProcess server, Path database, boolean quick) throws Exception {
        String cookie = signUp(server.port, READER);
        for (String author : AUTHORS) {
            signUp(server.port, author);
        }
        long start = System.nanoTime();
        Corpus corpus = fill(database);
        double fillSeconds = (System.nanoTime() - start) / 1e9;

        int warmup = quick ? 20 : 100;
        int perKind = quick ? 60 : 400;
        Map<String, List<String>> kinds = new LinkedHashMap<>();
        kinds.put("common word", List.of("the", "we", "deploy"));
        kinds.put("rare word", corpus.rare());
        kinds.put("phrase", List.of("\"" + PHRASE + "\"", "\"the build\"", "\"merge the branch\""));
        kinds.put("from:", List.of("from:alice", "from:bob review", "from:carol in:#open-03"));
        kinds.put("no hits", List.of("xylophonic", "qqqzzz", "\"deploy zebra\""));

        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "Search: %,d messages in %d rooms (%,d of them readable by the reader), written in %.1f s; "
                        + "database %,d MB; %,d searches of each kind one at a time over HTTP, after %d to warm up",
                MESSAGES, OPEN_ROOMS + PRIVATE_ROOMS + DIRECT_ROOMS, corpus.readable(), fillSeconds,
                Files.size(database) / 1_000_000, perKind, warmup));
        try (HttpSession session = new HttpSession(server.port)) {
            for (String order : List.of("", "&order=relevance")) {
                for (List<String> queries : kinds.values()) {
                    run(session, cookie, queries, order, warmup, null);
                }
                ServerProcess.Usage before = server.usage();
                Map<String, long[]> byKind = new LinkedHashMap<>();
                for (Map.Entry<String, List<String>> kind : kinds.entrySet()) {
                    long[] nanos = new long[perKind];
                    run(session, cookie, kind.getValue(), order, perKind, nanos);
                    byKind.put(kind.getKey(), nanos);
                }
                ServerProcess.Usage after = server.usage();
                long[] all = byKind.values().stream().flatMapToLong(Arrays::stream).toArray();
                report.append(String.format(Locale.ROOT, "%n  %s: all %s, server CPU %.2f ms a search",
                        order.isEmpty() ? "newest first" : "best match  ", percentiles(all),
                        (after.cpuNanos() - before.cpuNanos()) / 1e6 / all.length));
                byKind.forEach((kind, nanos) -> report.append(String.format(Locale.ROOT, "%n    %-12s %s", kind, percentiles(nanos))));
            }
            long[] probe = new long[perKind];
            long[] nowhere = new long[perKind];
            for (int i = 0; i < perKind; i++) { // alternated, so whatever else happens falls on both alike
                probe[i] = timed(session, cookie, "/search?q=" + HIDDEN_WORD);
                nowhere[i] = timed(session, cookie, "/search?q=qqqzzz");
            }
            report.append(String.format(Locale.ROOT, "%n  probing a word only in private rooms the reader is not in "
                    + "(%,d messages): %s; a word in no message: %s", HIDDEN_MESSAGES, percentiles(probe), percentiles(nowhere)));
        }
        return report.toString();
    }

    private static String signUp(int port, String name) throws IOException {
        try (HttpSession session = new HttpSession(port)) {
            return session.signUp(name, PASSWORD).orElseThrow(() -> new IOException("could not sign up " + name));
        }
    }

    /** Runs {@code count} searches, cycling through {@code queries}; their times into {@code nanos} (unless null). */
    private static void run(HttpSession session, String cookie, List<String> queries, String order, int count,
                            long[] nanos) throws IOException {
        for (int i = 0; i < count; i++) {
            String path = "/search?q=" + URLEncoder.encode(queries.get(i % queries.size()), StandardCharsets.UTF_8) + order;
            long took = timed(session, cookie, path);
            if (nanos != null) {
                nanos[i] = took;
            }
        }
    }

    private static long timed(HttpSession session, String cookie, String path) throws IOException {
        long start = System.nanoTime();
        HttpSession.Response response = session.get(path, cookie);
        long took = System.nanoTime() - start;
        if (response.status() != 200) {
            throw new IOException(path + " answered " + response.status() + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        return took;
    }

    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "p50 %.2f ms, p95 %.2f ms, p99 %.2f ms", millis(sorted[sorted.length / 2]),
                millis(sorted[(int) (sorted.length * 0.95)]), millis(sorted[(int) (sorted.length * 0.99)]));
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    /** What was written: how many messages the reader may read, and rare words (a handful of messages each). */
    private record Corpus(int readable, List<String> rare) {}

    /** The rooms, memberships and messages, in one transaction on the server's own file (WAL: the server reads on). */
    private static Corpus fill(Path database) throws SQLException {
        Random random = new Random(16);
        List<String> words = vocabulary(random);
        double[] cumulative = new double[words.size()];
        double sum = 0;
        for (int rank = 0; rank < words.size(); rank++) {
            sum += 1.0 / (rank + 1);
            cumulative[rank] = sum;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath())) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
            }
            c.setAutoCommit(false);
            Map<String, Long> ids = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name, id FROM accounts")) {
                while (rs.next()) {
                    ids.put(rs.getString(1), rs.getLong(2));
                }
            }
            long reader = ids.get(READER);
            List<String> rooms = new ArrayList<>();
            Set<String> readable = new TreeSet<>();
            Set<String> hidden = new TreeSet<>();
            long now = System.currentTimeMillis();
            try (PreparedStatement room = c.prepareStatement("INSERT INTO rooms (name, created_at, last_active_at, "
                    + "message_count, kind, direct_key) VALUES (?, ?, ?, 0, ?, ?)");
                    PreparedStatement member = c.prepareStatement(
                            "INSERT INTO memberships (room, account_id, joined_at) VALUES (?, ?, ?)")) {
                for (int i = 0; i < OPEN_ROOMS + PRIVATE_ROOMS + DIRECT_ROOMS; i++) {
                    String kind = i < OPEN_ROOMS ? "open" : i < OPEN_ROOMS + PRIVATE_ROOMS ? "private" : "direct";
                    String name = kind.equals("direct") ? String.format("dm-%016x", i) : String.format("%s-%02d", kind, i);
                    room.setString(1, name);
                    room.setLong(2, now);
                    room.setLong(3, now);
                    room.setString(4, kind);
                    room.setString(5, kind.equals("direct") ? "bench-" + i : null);
                    room.executeUpdate();
                    rooms.add(name);
                    boolean readerIn = kind.equals("open") ? i % 2 == 0 : i % 2 == 1;
                    if (kind.equals("open") || readerIn) {
                        readable.add(name);
                    } else if (kind.equals("private")) {
                        hidden.add(name);
                    }
                    if (readerIn) {
                        member.setString(1, name);
                        member.setLong(2, reader);
                        member.setLong(3, now);
                        member.executeUpdate();
                    }
                    for (String author : AUTHORS) {
                        member.setString(1, name);
                        member.setLong(2, ids.get(author));
                        member.setLong(3, now);
                        member.executeUpdate();
                    }
                }
            }
            long start;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM changes")) {
                rs.next();
                start = rs.getLong(1) + 1;
            }
            List<String> hiddenRooms = List.copyOf(hidden);
            Map<String, Integer> counts = new HashMap<>();
            int readableMessages = 0;
            try (PreparedStatement change = c.prepareStatement(
                    "INSERT INTO changes (id, room, message_id, kind, changed_at) VALUES (?, ?, NULL, 'post', ?)");
                    PreparedStatement message = c.prepareStatement("INSERT INTO messages (id, room, author, author_id, "
                            + "text, sent_at, version) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (int n = 0; n < MESSAGES; n++) {
                    boolean hiddenWord = n % (MESSAGES / HIDDEN_MESSAGES) == 7;
                    String room = hiddenWord ? hiddenRooms.get(random.nextInt(hiddenRooms.size())) : roomFor(random, rooms);
                    String author = AUTHORS.get(random.nextInt(AUTHORS.size()));
                    StringBuilder text = new StringBuilder();
                    int length = 3 + random.nextInt(12) + (random.nextInt(4) == 0 ? random.nextInt(20) : 0);
                    for (int w = 0; w < length; w++) {
                        String word = words.get(zipf(random, cumulative));
                        counts.merge(word, 1, Integer::sum);
                        text.append(w == 0 ? "" : " ").append(word);
                    }
                    if (random.nextInt(300) == 0) {
                        text.append(" ").append(PHRASE);
                    }
                    if (hiddenWord) {
                        text.append(" ").append(HIDDEN_WORD);
                    }
                    if (readable.contains(room)) {
                        readableMessages++;
                    }
                    long id = start + n;
                    long at = now - (MESSAGES - n) * 30_000L; // one every 30 s, up to now
                    change.setLong(1, id);
                    change.setString(2, room);
                    change.setLong(3, at);
                    change.addBatch();
                    message.setLong(1, id);
                    message.setString(2, room);
                    message.setString(3, author);
                    message.setLong(4, ids.get(author));
                    message.setString(5, text.toString());
                    message.setLong(6, at);
                    message.setLong(7, id);
                    message.addBatch();
                    if (n % 1000 == 999) {
                        change.executeBatch();
                        message.executeBatch();
                    }
                }
                change.executeBatch();
                message.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE rooms SET message_count = (SELECT COUNT(*) FROM messages m WHERE m.room = rooms.name), "
                        + "last_active_at = COALESCE((SELECT MAX(sent_at) FROM messages m WHERE m.room = rooms.name), last_active_at)");
            }
            c.commit();
            List<String> rare = counts.entrySet().stream().filter(e -> e.getValue() >= 5 && e.getValue() <= 20)
                    .map(Map.Entry::getKey).filter(w -> !COMMON.contains(w) && !TEAM.contains(w)).sorted().limit(3).toList();
            return new Corpus(readableMessages, rare);
        }
    }

    /** Most messages are in open rooms, the rest in private and direct ones. */
    private static String roomFor(Random random, List<String> rooms) {
        int roll = random.nextInt(100);
        if (roll < 80) {
            return rooms.get(random.nextInt(OPEN_ROOMS));
        }
        if (roll < 92) {
            return rooms.get(OPEN_ROOMS + random.nextInt(PRIVATE_ROOMS));
        }
        return rooms.get(OPEN_ROOMS + PRIVATE_ROOMS + random.nextInt(DIRECT_ROOMS));
    }

    private static int zipf(Random random, double[] cumulative) {
        int at = Arrays.binarySearch(cumulative, random.nextDouble() * cumulative[cumulative.length - 1]);
        return Math.min(at < 0 ? -at - 1 : at, cumulative.length - 1);
    }

    /** The common words, the team's words, then made-up words of two to four syllables, all different. */
    private static List<String> vocabulary(Random random) {
        String[] syllables = {"ka", "lo", "mi", "ne", "ru", "ta", "ve", "so", "pi", "da", "gu", "re", "zo", "ba", "fi",
                "he", "jo", "wu", "xi", "ye", "tor", "lan", "bek", "sul"};
        Set<String> seen = new TreeSet<>(COMMON);
        seen.addAll(TEAM);
        seen.add(HIDDEN_WORD);
        seen.addAll(List.of("xylophonic", "qqqzzz", "zebra", "candidate"));
        List<String> words = new ArrayList<>(COMMON);
        words.addAll(TEAM);
        while (words.size() < VOCABULARY) {
            StringBuilder word = new StringBuilder();
            for (int i = 2 + random.nextInt(3); i > 0; i--) {
                word.append(syllables[random.nextInt(syllables.length)]);
            }
            if (seen.add(word.toString())) {
                words.add(word.toString());
            }
        }
        return words;
    }
}
