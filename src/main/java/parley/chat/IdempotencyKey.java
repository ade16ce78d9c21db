package parley.chat;

import java.util.regex.Pattern;

/**
 * The key that makes a post safe to send again: a repeat with the same key within {@link Posting#KEYS_KEPT}
 * returns the first answer and stores nothing new. Keys are the poster's own: {@code scope} names the poster
 * (the session's id today, the account's once there are accounts), so two people never share one.
 */
public record IdempotencyKey(String scope, String value) {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 100;
    /** UUIDs, ULIDs, base64 (plain or URL-safe) and hex all fit; nothing that needs escaping anywhere. */
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._:+/=-]{" + MIN_LENGTH + "," + MAX_LENGTH + "}");

    /**
     * @throws InvalidKey when {@code value} is not a key Parley accepts. Fewer than 8 characters is refused,
     *                    not just unusual: such a key is a counter or a constant, and reusing it would silently
     *                    swallow a later message as a repeat of an earlier one.
     */
    public static IdempotencyKey of(String scope, String value) {
        if (scope == null || scope.isEmpty()) {
            throw new IllegalArgumentException("A key belongs to someone");
        }
        if (value == null || !VALUE.matcher(value).matches()) {
            throw new InvalidKey("An idempotency key is " + MIN_LENGTH + " to " + MAX_LENGTH
                    + " characters: letters, digits and - _ . : + / = (a random UUID will do).");
        }
        return new IdempotencyKey(scope, value);
    }
}
