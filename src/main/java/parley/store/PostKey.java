package parley.store;

/**
 * A post's idempotency key as the store keeps it.
 *
 * @param scope       whose key it is: keys of different posters never meet
 * @param key         the key itself, as the poster sent it
 * @param fingerprint what was posted with it, to tell a repeat from another message sent with the same key
 */
public record PostKey(String scope, String key, String fingerprint) {}
