package parley.store;

/**
 * Who posts a message: an account ({@code id} above 0), or for messages from before accounts only the
 * nickname they were posted under ({@link #nickname}). {@code joins}: the post makes the account a member
 * of its room, in the same transaction; false when it is one already, which spares every post a write.
 */
public record Author(long id, String name, boolean joins) {
    public Author(long id, String name) {
        this(id, name, true);
    }

    public static Author nickname(String name) {
        return new Author(0, name, false);
    }

    public boolean hasAccount() {
        return id > 0;
    }

    /** The same author, posting in a room they are a member of already. */
    public Author member() {
        return new Author(id, name, false);
    }
}
