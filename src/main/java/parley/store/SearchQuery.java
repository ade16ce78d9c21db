package parley.store;

import java.util.List;

/**
 * A search as the store runs it, already checked by the caller. Every term must match; each is a word or a
 * phrase as typed, which the database's own tokenizer splits into words (so {@code don't} and {@code state-of-
 * the-art} match as phrases), never read as query syntax.
 *
 * @param terms      words and phrases, each with at least one letter or digit and no double quote
 * @param prefixLast the last term is one word that also matches the longer words it begins ("depl" finds "deploy")
 * @param authorIds  only messages posted by one of these accounts; empty: by anyone
 * @param rooms      only messages in one of these rooms; empty: in any room the viewer may read
 * @param order      newest first, or the best matches first
 * @param before     {@link Order#NEWEST}: only messages with an id below this ({@link Long#MAX_VALUE}: from the newest)
 * @param offset     {@link Order#RELEVANCE}: how many of the best matches to skip
 * @param limit      at most this many
 */
public record SearchQuery(List<String> terms, boolean prefixLast, List<Long> authorIds, List<String> rooms,
                          Order order, long before, int offset, int limit) {

    public enum Order { NEWEST, RELEVANCE }

    public SearchQuery {
        terms = List.copyOf(terms);
        authorIds = List.copyOf(authorIds);
        rooms = List.copyOf(rooms);
        if (terms.stream().anyMatch(term -> term.indexOf('"') >= 0)) {
            throw new IllegalArgumentException("A term never holds a double quote: phrases are split at them");
        }
        if (prefixLast && terms.isEmpty()) {
            throw new IllegalArgumentException("There is no last term to match as a prefix");
        }
    }

    /** Only filters (from:, in:), no words: the messages they select, newest first. */
    public boolean filtersOnly() {
        return terms.isEmpty();
    }
}
