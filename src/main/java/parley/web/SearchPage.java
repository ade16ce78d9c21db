package parley.web;

import java.time.Instant;
import java.util.List;
import parley.web.Pages.Frame;

/**
 * GET /search: the search form with what was typed, why it was refused ({@code error}, or null), and what it
 * found: {@code summary} says how many are shown (null when nothing was asked), {@code notes} what else the
 * searcher should know, and {@code moreUrl} where the next page is (null on the last).
 *
 * @param newestUrl       the same search newest first, and {@code relevanceUrl} best matches first (null when
 *                        nothing was asked)
 */
public record SearchPage(Frame frame, String query, boolean relevance, String error, String summary,
                         List<String> notes, List<Result> results, String newestUrl, String relevanceUrl,
                         String moreUrl) {

    /** One message found: where, by whom, when, its snippet as HTML with the matches marked, and its permalink. */
    public record Result(long id, String room, String roomLabel, boolean privateRoom, String author, Instant sentAt,
                         String snippetHtml) {
        public String permalink() {
            return "/rooms/" + room + "/messages/" + id;
        }
    }

    public boolean asked() {
        return summary != null;
    }
}
