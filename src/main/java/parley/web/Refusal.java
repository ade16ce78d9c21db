package parley.web;

import io.javalin.http.HttpStatus;
import java.time.Duration;

/**
 * A request Parley will not serve, with what the person can do about it. Thrown by the gate and the
 * controllers and shown by {@link Refusals}, the one place that decides how: the message form again, a
 * page, or plain text.
 */
final class Refusal extends RuntimeException {
    private final HttpStatus status;
    private final String title;
    private final Duration retryAfter;
    private final FormPlace form;

    /**
     * A post's message form, to be shown again with what was typed in it, the reason next to it and the
     * idempotency key it keeps (null: a new one).
     */
    record FormPlace(String room, String text, String key) {}

    Refusal(HttpStatus status, String title, String message) {
        this(status, title, message, null, null, null);
    }

    private Refusal(HttpStatus status, String title, String message, Duration retryAfter, FormPlace form,
                    Throwable cause) {
        super(message, cause, false, false); // an answer, not a failure: no stack trace to fill in
        this.status = status;
        this.title = title;
        this.retryAfter = retryAfter;
        this.form = form;
    }

    /** 401: nobody is signed in (a page asked for by a browser is sent to the sign-in form instead). */
    static Refusal signedOut() {
        return new Refusal(HttpStatus.UNAUTHORIZED, "Sign in", "You are not signed in (or your session has ended). "
                + "Sign in, then try again.");
    }

    /** 404, the same for every room the viewer may not read, whichever path under it: see {@link parley.chat.NoSuchRoom#HIDDEN}. */
    static Refusal noSuchRoom(String message) {
        return new Refusal(HttpStatus.NOT_FOUND, "No such room", message);
    }

    /** 403: the person may not do this. */
    static Refusal forbidden(String message) {
        return new Refusal(HttpStatus.FORBIDDEN, "Not allowed", message);
    }

    /** 429: allowed again after {@code wait}, which the message should say in words ({@link #inWords}). */
    static Refusal tooMany(String title, String message, Duration wait) {
        return new Refusal(HttpStatus.TOO_MANY_REQUESTS, title, message, wait, null, null);
    }

    /**
     * 503: this node is full (it holds as many streams as --max-streams allows), and may have room after
     * {@code wait}, which the message should say in words; a proxy in front tries another node.
     */
    static Refusal full(String message, Duration wait) {
        return new Refusal(HttpStatus.SERVICE_UNAVAILABLE, "Parley is full", message, wait, null, null);
    }

    /** 503 with Retry-After: too busy just now (hashing passwords), and not for long. */
    static Refusal unavailableFor(String message, Duration wait) {
        return new Refusal(HttpStatus.SERVICE_UNAVAILABLE, "Parley is busy", message, wait, null, null);
    }

    /** 503: the database failed; {@code cause} is logged for the operator, unless the store has told it already. */
    static Refusal unavailable(String message, RuntimeException cause) {
        return new Refusal(HttpStatus.SERVICE_UNAVAILABLE, "Parley is unavailable", message, null, null, cause);
    }

    /**
     * The same refusal, shown next to the message form of {@code room} that was sent with {@code text}, which
     * keeps idempotency key {@code key} (null: the form gets a new one).
     */
    Refusal inForm(String room, String text, String key) {
        return new Refusal(status, title, getMessage(), retryAfter, new FormPlace(room, text, key), getCause());
    }

    HttpStatus status() {
        return status;
    }

    String title() {
        return title;
    }

    /** When to try again (Retry-After), for a 429 or a full node's 503; null otherwise. */
    Duration retryAfter() {
        return retryAfter;
    }

    /** The form to show the reason in; null when the refusal was not for a message form. */
    FormPlace form() {
        return form;
    }

    /** Retry-After's whole seconds, rounded up: never "0", which would invite an immediate retry. */
    static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    /** "1 second", "12 seconds", "3 minutes": a wait as a person reads it. */
    static String inWords(Duration wait) {
        long seconds = retryAfterSeconds(wait);
        if (seconds < 120) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        long minutes = (seconds + 59) / 60;
        if (minutes < 120) {
            return minutes + " minutes";
        }
        long hours = (minutes + 59) / 60;
        return hours + " hours";
    }
}
