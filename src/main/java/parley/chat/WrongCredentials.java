package parley.chat;

/** A sign-in with a name or password that is wrong: one message, which never says which. */
public final class WrongCredentials extends RuntimeException {
    public static final String MESSAGE = "That name or password is wrong.";

    public WrongCredentials() {
        super(MESSAGE, null, false, false); // expected: no stack trace
    }
}
