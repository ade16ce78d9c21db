package parley.chat;

/** The person may not do this (not an admin, or no longer one): a 403, with a message saying why. */
public final class NotAllowed extends RuntimeException {
    public NotAllowed(String message) {
        super(message, null, false, false); // expected: no stack trace
    }
}
