package parley.chat;

import java.util.ArrayList;
import java.util.List;
import parley.store.Account;
import parley.store.AccountStore;
import parley.store.Found;
import parley.store.SearchQuery;
import parley.store.SearchQuery.Order;
import parley.store.SearchStore;

/**
 * Searching the messages of every room the viewer may read: open rooms, and the private and direct rooms they
 * are a member of. The store decides who may read what in the same query that finds the messages, so a room
 * the viewer may not read adds nothing to an answer, not even a count.
 */
public final class Searching {
    /** Results on a page. */
    public static final int PAGE = 20;

    private final SearchStore store;
    private final AccountStore accounts;

    public Searching(SearchStore store, AccountStore accounts) {
        this.store = store;
        this.accounts = accounts;
    }

    /**
     * One page of what {@code typed} finds, in {@code order}: newest first from below message {@code before}
     * ({@link Long#MAX_VALUE}: from the newest), or by relevance after skipping {@code offset} of the best
     * matches. A blank search finds nothing ({@link SearchResults#NOTHING_ASKED}).
     *
     * @throws InvalidInput the search is too long or holds nothing to search for, or {@code offset} goes beyond
     *                      the matches that are ranked
     */
    public SearchResults search(Viewer viewer, String typed, Order order, long before, int offset) {
        SearchText asked = SearchText.parse(typed);
        if (asked.isBlank()) {
            return SearchResults.NOTHING_ASKED;
        }
        if (offset < 0 || offset >= SearchStore.RANKED_WINDOW) {
            throw new InvalidInput("Only the best " + SearchStore.RANKED_WINDOW + " matches are ranked, so a page of them "
                    + "starts at 0 to " + (SearchStore.RANKED_WINDOW - 1) + ". Sort by newest to go further back.");
        }
        // Without words there is nothing to rank by: the filters' messages, newest first.
        Order used = asked.terms().isEmpty() ? Order.NEWEST : order;
        List<Long> authors = new ArrayList<>();
        List<String> nobody = new ArrayList<>();
        for (String name : asked.from()) {
            // Any account, deactivated ones too: what they wrote is still there. Found as names are everywhere,
            // ignoring case and look-alikes.
            accounts.byKey(Names.skeleton(name.strip())).map(Account::id).ifPresentOrElse(authors::add, () -> nobody.add(name));
        }
        if (!asked.from().isEmpty() && authors.isEmpty()) {
            return new SearchResults(asked, used, List.of(), false, 0, nobody);
        }
        int skip = used == Order.RELEVANCE ? offset : 0;
        List<Found> found = store.search(new SearchQuery(asked.terms(), asked.prefixLast(), authors, asked.in(), used,
                used == Order.NEWEST ? before : Long.MAX_VALUE, skip, PAGE + 1), viewer.accountId());
        boolean more = found.size() > PAGE && (used == Order.NEWEST || skip + PAGE < SearchStore.RANKED_WINDOW);
        return new SearchResults(asked, used, found.subList(0, Math.min(PAGE, found.size())), more, skip, nobody);
    }
}
