package parley.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Full-text search over the messages a viewer may read: SQLite's FTS5 index {@code messages_search}, or
 * PostgreSQL's {@code messages.search_vector} ({@code to_tsvector('simple', text)}, a GIN index); both kept in step
 * with every post, edit and delete by the schema itself (V6__search.sql).
 *
 * <p>Who may read what is decided in the same query that finds the messages, never after it: a message of a
 * private or direct room the viewer is not a member of is never read into a result, a count or a page, so
 * what a search answers (and how much work it does per match) is the same whether such a room holds the word
 * or no room does. A term is always bound as a parameter and handed to the database's own tokenizer as a
 * quoted string (FTS5) or as text to {@code phraseto_tsquery}: nothing typed is read as query syntax.
 */
public final class SearchStore {
    /**
     * The best matches are ranked among the newest this many a viewer may read: ranking every match of a word
     * that half the messages hold would read all of them (100 ms at 100,000 messages), for an order in which the
     * thousandth newest of them is as good as any older one.
     */
    public static final int RANKED_WINDOW = 1000;
    /** A search by filters alone shows the beginning of each message, this many characters at most. */
    static final int BEGINNING = 200;
    /** How many words FTS5 puts in a snippet. */
    private static final int SNIPPET_WORDS = 32;
    /** ts_headline's marks, the same as FTS5's; each fragment is up to MaxWords long, and a snippet up to two of them. */
    private static final String HEADLINE_OPTIONS = "StartSel=" + Found.MARK + ", StopSel=" + Found.END_MARK
            + ", MaxWords=32, MinWords=12, ShortWord=1, MaxFragments=2, FragmentDelimiter=\" " + Found.ELLIPSIS + " \"";

    /**
     * The message is not deleted, and it is in an open room or in one the viewer (the parameter) is a member of.
     * The rooms are listed once per query (on the indexes of open rooms and of the viewer's memberships), so a
     * match in a room the viewer may not read costs one lookup in that list and nothing more.
     */
    private static final String READABLE = """
            m.deleted_at IS NULL
            AND m.room IN (SELECT name FROM rooms WHERE kind = 'open' UNION ALL SELECT room FROM memberships WHERE account_id = ?)""";

    private final Jdbc jdbc;
    private final boolean postgres;

    public SearchStore(Database database) {
        this(database, StoreErrors.NONE);
    }

    public SearchStore(Database database, StoreErrors errors) {
        this.jdbc = new Jdbc(database, errors);
        this.postgres = database.isPostgres();
    }

    /** The messages that match, of those the account {@code viewerId} may read, in the query's order. */
    public List<Found> search(SearchQuery query, long viewerId) {
        Sql sql = query.filtersOnly() ? byFilters(query, viewerId)
                : postgres ? onPostgres(query, viewerId) : onSqlite(query, viewerId);
        return jdbc.call(c -> {
            List<Found> found = Jdbc.list(c, sql.text.toString(), SearchStore::found, sql.params.toArray());
            return withPeople(c, query.filtersOnly() ? found.stream().map(SearchStore::beginning).toList() : found, viewerId);
        });
    }

    /** The direct rooms' people other than the viewer, in one read for the page, by name. */
    private static List<Found> withPeople(Connection c, List<Found> found, long viewerId) throws SQLException {
        List<String> direct = found.stream().filter(f -> f.kind() == RoomKind.DIRECT).map(Found::room).distinct().toList();
        if (direct.isEmpty()) {
            return found;
        }
        Map<String, List<String>> people = new HashMap<>();
        List<Object> params = new ArrayList<>(direct);
        params.add(viewerId);
        Jdbc.list(c, "SELECT ms.room, a.name FROM memberships ms JOIN accounts a ON a.id = ms.account_id"
                + " WHERE ms.room IN (" + marks(direct.size()) + ") AND ms.account_id <> ? ORDER BY a.name", rs -> {
            people.computeIfAbsent(rs.getString(1), room -> new ArrayList<>()).add(rs.getString(2));
            return null;
        }, params.toArray());
        return found.stream().map(f -> f.kind() == RoomKind.DIRECT ? f.with(people.getOrDefault(f.room(), List.of())) : f)
                .toList();
    }

    /** A message's beginning: its first {@link #BEGINNING} characters, and an ellipsis when it goes on. */
    private static Found beginning(Found found) {
        String text = found.snippet();
        if (text.codePointCount(0, text.length()) <= BEGINNING) {
            return found;
        }
        return new Found(found.id(), found.room(), found.kind(), found.author(), found.sentAt(),
                text.substring(0, text.offsetByCodePoints(0, BEGINNING)) + Found.ELLIPSIS, found.others());
    }

    /** from: and in: alone: the newest messages they select, each with its beginning. */
    private static Sql byFilters(SearchQuery query, long viewerId) {
        Sql sql = new Sql();
        sql.append("SELECT m.id, m.room, r.kind, m.author, m.sent_at, substr(m.text, 1, ?)", BEGINNING + 1)
                .append(" FROM messages m JOIN rooms r ON r.name = m.room WHERE m.id < ?", query.before())
                .append(" AND " + READABLE, viewerId);
        filters(sql, query);
        return sql.append(" ORDER BY m.id DESC LIMIT ?", query.limit());
    }

    /**
     * FTS5. Newest first is one walk down the index from the newest match, stopping once the page is full; the
     * snippet is made only for the rows returned. By relevance: the newest {@link #RANKED_WINDOW} readable
     * matches are found the same way, only the ones from there on are scored (bm25), and the snippets of the
     * page come from one more walk over the page's range of ids.
     */
    private static Sql onSqlite(SearchQuery query, long viewerId) {
        String match = fts5(query);
        String snippet = "snippet(messages_search, 0, char(2), char(3), '" + Found.ELLIPSIS + "', " + SNIPPET_WORDS + ")";
        // CROSS JOIN keeps the index walk outermost: with from: the planner would otherwise walk the author's
        // messages and look each one up in the index, which for a prefix merges the prefix's words every time
        // (a second, at 100,000 messages).
        String matches = " FROM messages_search CROSS JOIN messages m ON m.id = messages_search.rowid WHERE messages_search MATCH ?";
        Sql sql = new Sql();
        if (query.order() == SearchQuery.Order.NEWEST) {
            sql.append("SELECT m.id, m.room, r.kind, m.author, m.sent_at, " + snippet + " FROM messages_search"
                    + " CROSS JOIN messages m ON m.id = messages_search.rowid CROSS JOIN rooms r ON r.name = m.room"
                    + " WHERE messages_search MATCH ?", match)
                    .append(" AND messages_search.rowid < ?", query.before())
                    .append(" AND " + READABLE, viewerId);
            filters(sql, query);
            return sql.append(" ORDER BY messages_search.rowid DESC LIMIT ?", query.limit());
        }
        sql.append("WITH floor AS (SELECT COALESCE((SELECT messages_search.rowid" + matches, match)
                .append(" AND " + READABLE, viewerId);
        filters(sql, query);
        sql.append(" ORDER BY messages_search.rowid DESC LIMIT 1 OFFSET ?), 0) AS low),", RANKED_WINDOW - 1)
                .append(" hits AS MATERIALIZED (SELECT messages_search.rowid AS id, bm25(messages_search) AS score" + matches, match)
                .append(" AND messages_search.rowid >= (SELECT low FROM floor) AND " + READABLE, viewerId);
        filters(sql, query);
        sql.append(" ORDER BY score, messages_search.rowid DESC LIMIT ? OFFSET ?)", query.limit(), query.offset());
        // One walk over the page's range, not one lookup per row: each lookup of a prefix term merges all of its
        // words' lists again.
        return sql.append(" SELECT m.id, m.room, r.kind, m.author, m.sent_at, " + snippet
                        + " FROM messages_search CROSS JOIN hits CROSS JOIN messages m CROSS JOIN rooms r"
                        + " WHERE messages_search MATCH ?", match)
                .append(" AND hits.id = messages_search.rowid AND m.id = messages_search.rowid AND r.name = m.room"
                        + " AND messages_search.rowid BETWEEN (SELECT MIN(id) FROM hits) AND (SELECT MAX(id) FROM hits)"
                        + " ORDER BY hits.score, hits.id DESC");
    }

    /**
     * PostgreSQL, the same plan in its terms: the newest readable matches on the GIN index (or down the primary
     * key, as the planner finds cheaper), ranked with ts_rank within the newest {@link #RANKED_WINDOW}, and
     * ts_headline only for the page.
     */
    private static Sql onPostgres(SearchQuery query, long viewerId) {
        List<Object> tsquery = new ArrayList<>();
        String q = tsquery(query, tsquery);
        String matches = " FROM messages m WHERE m.search_vector @@ (" + q + ")";
        Sql sql = new Sql();
        if (query.order() == SearchQuery.Order.NEWEST) {
            sql.append("WITH hits AS MATERIALIZED (SELECT m.id, 0 AS score" + matches, tsquery.toArray())
                    .append(" AND m.id < ?", query.before())
                    .append(" AND " + READABLE, viewerId);
            filters(sql, query);
            sql.append(" ORDER BY m.id DESC LIMIT ?)", query.limit());
        } else {
            // The window as a list, not as the id of its oldest: "OFFSET 999 LIMIT 1" has the planner walk the
            // primary key backwards for a word that matches a few dozen messages, through the whole table.
            // Each scored as it is found (joined again, the planner read the whole table to score a thousand).
            sql.append("WITH newest AS MATERIALIZED (SELECT m.id, ts_rank(m.search_vector, " + q + ") AS score", tsquery.toArray())
                    .append(matches, tsquery.toArray())
                    .append(" AND " + READABLE, viewerId);
            filters(sql, query);
            sql.append(" ORDER BY m.id DESC LIMIT ?),", RANKED_WINDOW)
                    .append(" hits AS MATERIALIZED (SELECT id, score FROM newest ORDER BY score DESC, id DESC LIMIT ? OFFSET ?)",
                            query.limit(), query.offset());
        }
        return sql.append(" SELECT m.id, m.room, r.kind, m.author, m.sent_at, ts_headline('simple', m.text, " + q + ", ?)",
                        append(tsquery, HEADLINE_OPTIONS))
                .append(" FROM hits JOIN messages m ON m.id = hits.id JOIN rooms r ON r.name = m.room"
                        + " ORDER BY hits.score DESC, hits.id DESC");
    }

    private static Object[] append(List<Object> params, Object last) {
        List<Object> all = new ArrayList<>(params);
        all.add(last);
        return all.toArray();
    }

    /** The FTS5 query: each term a quoted string (FTS5's tokenizer splits it; a phrase when it holds several words). */
    static String fts5(SearchQuery query) {
        StringBuilder match = new StringBuilder();
        List<String> terms = query.terms();
        for (int i = 0; i < terms.size(); i++) {
            match.append(i == 0 ? "" : " ").append('"').append(terms.get(i).replace("\"", "\"\"")).append('"');
        }
        return query.prefixLast() ? match.append('*').toString() : match.toString();
    }

    /**
     * The tsquery, as SQL with its parameters added to {@code params}: each term through phraseto_tsquery, all
     * of them required. The prefix term is quoted as a tsquery lexeme ({@code 'word':*}, its quotes and
     * backslashes escaped), so it cannot be read as anything but that word's prefix.
     */
    private static String tsquery(SearchQuery query, List<Object> params) {
        List<String> parts = new ArrayList<>();
        List<String> terms = query.terms();
        for (int i = 0; i < terms.size(); i++) {
            if (query.prefixLast() && i == terms.size() - 1) {
                parts.add("to_tsquery('simple', ?)");
                params.add("'" + terms.get(i).replace("\\", "\\\\").replace("'", "''") + "':*");
            } else {
                parts.add("phraseto_tsquery('simple', ?)");
                params.add(terms.get(i));
            }
        }
        return String.join(" && ", parts);
    }

    private static void filters(Sql sql, SearchQuery query) {
        if (!query.rooms().isEmpty()) {
            sql.append(" AND m.room IN (" + marks(query.rooms().size()) + ")", query.rooms().toArray());
        }
        if (!query.authorIds().isEmpty()) {
            sql.append(" AND m.author_id IN (" + marks(query.authorIds().size()) + ")", query.authorIds().toArray());
        }
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private static Found found(ResultSet rs) throws SQLException {
        return new Found(rs.getLong(1), rs.getString(2), RoomKind.of(rs.getString(3)), rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6), List.of());
    }

    /** SQL and its parameters, in order, built together. */
    private static final class Sql {
        final StringBuilder text = new StringBuilder();
        final List<Object> params = new ArrayList<>();

        Sql append(String part, Object... values) {
            text.append(part);
            params.addAll(List.of(values));
            return this;
        }
    }
}
