package parley.web;

import java.time.Instant;
import java.util.List;
import parley.store.Message;

/** The models of the pages and fragments, one record per template, so a template that drifts from its model fails the build. */
public final class Pages {
    private Pages() {}

    /** {@code viewer} is null when signed out. */
    public record Home(Session viewer, List<RoomCard> rooms, String next, FieldError name, FieldError room) {}

    public record RoomCard(String name, long messageCount, Instant lastActiveAt, int online) {}

    public record Room(Session viewer, String room, List<Message> messages, List<String> present, Compose compose) {}

    /**
     * The message form: what was typed, what was wrong with it (or null), the longest text allowed, and the
     * idempotency key a send of this form carries (see {@link RoomPages#form}).
     */
    public record Compose(String room, String text, String error, int maxLength, String idempotencyKey) {}

    public record Problem(Session viewer, int status, String title, String message) {}

    /** What a person typed into a field and what was wrong with it; both may be null. */
    public record FieldError(String value, String error) {
        public static final FieldError NONE = new FieldError(null, null);
    }
}
