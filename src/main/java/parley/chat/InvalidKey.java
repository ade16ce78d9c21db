package parley.chat;

/** An idempotency key Parley does not accept (its length or characters); the message says what is allowed. */
public final class InvalidKey extends RuntimeException {
    public InvalidKey(String message) {
        super(message, null, false, false); // a client's mistake, not a failure: no stack trace
    }
}
