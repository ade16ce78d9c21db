package parley.chat;

import java.util.List;
import parley.store.Found;
import parley.store.SearchQuery.Order;

/**
 * What a search found, one page of it, of the messages the viewer may read.
 *
 * @param asked  the search as it was read
 * @param order  the order of {@link #found}: by relevance only when asked and there were words to rank by
 * @param found  this page, in that order
 * @param more   there are more after this page (a "More results" link: {@link #nextBefore} or {@link #nextOffset})
 * @param offset how many of the best matches came before this page (by relevance; 0 newest first)
 * @param nobody the names after from: that nobody has (no message can be theirs)
 */
public record SearchResults(SearchText asked, Order order, List<Found> found, boolean more, int offset,
                            List<String> nobody) {
    /** The page for a blank search: the search box, and nothing found because nothing was asked. */
    public static final SearchResults NOTHING_ASKED =
            new SearchResults(SearchText.NOTHING, Order.NEWEST, List.of(), false, 0, List.of());

    public SearchResults {
        found = List.copyOf(found);
        nobody = List.copyOf(nobody);
    }

    /** Whether anything was searched for (a blank search is the search box alone). */
    public boolean anythingAsked() {
        return !asked.isBlank();
    }

    /** Newest first, the next page is the matches below the oldest shown. */
    public long nextBefore() {
        return found.isEmpty() ? 0 : found.getLast().id();
    }

    /** By relevance, the next page skips the ones shown so far. */
    public int nextOffset() {
        return offset + found.size();
    }
}
