package parley.store;

/** What {@link MessageStore#append(String, String, String, java.time.Instant, PostKey, java.time.Instant)} did. */
public sealed interface Appended {

    /** The message was stored, and its key recorded with it. */
    record Stored(Message message) implements Appended {}

    /** The key was already recorded: nothing was stored. It answered message {@code messageId}, posted as {@code fingerprint}. */
    record Earlier(long messageId, String fingerprint) implements Appended {}
}
