package parley.store;

/**
 * Who posts a message: an account ({@code id} above 0), or for messages from before accounts only the
 * nickname they were posted under ({@link #nickname}).
 */
public record Author(long id, String name) {
    public static Author nickname(String name) {
        return new Author(0, name);
    }

    public boolean hasAccount() {
        return id > 0;
    }
}
