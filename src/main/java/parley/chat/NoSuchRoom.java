package parley.chat;

/**
 * An address names no room Parley could have: the name breaks the rules for room names. Not a mistake in
 * a form, so not {@link InvalidInput}: the answer is "no such room" (404).
 */
public final class NoSuchRoom extends RuntimeException {
    public NoSuchRoom(String message) {
        super(message, null, false, false); // expected, so no stack trace is captured or logged
    }
}
