package parley.chat;

/**
 * The post's idempotency key already answered a different post (other text, or another room) within the
 * day: nothing was stored. A new message needs a new key.
 */
public final class KeyReused extends RuntimeException {
    public KeyReused() {
        super("The idempotency key was used for a different message", null, false, false); // expected: no stack trace
    }
}
