package parley.web;

import io.javalin.http.HttpStatus;

/** A request Parley will not serve, with what the person can do about it; thrown, and rendered by WebServer. */
final class Refusal extends RuntimeException {
    private final HttpStatus status;
    private final String title;

    Refusal(HttpStatus status, String title, String message) {
        super(message, null, false, false); // an answer, not a failure: no stack trace to fill in
        this.status = status;
        this.title = title;
    }

    HttpStatus status() {
        return status;
    }

    String title() {
        return title;
    }
}
