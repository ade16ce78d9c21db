package parley.chat;

/**
 * Input a person can fix. The message is shown to them as it is, next to the form they used,
 * so it says what is wrong and what is allowed.
 */
public final class InvalidInput extends RuntimeException {
    public InvalidInput(String message) {
        super(message, null, false, false); // expected, so no stack trace is captured or logged
    }
}
