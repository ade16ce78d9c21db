package parley.chat;

/**
 * The room has no message with that id: unknown, another room's, or (with {@link #deleted}) deleted. A 404, or
 * a 410 for a deleted one, with a message saying so.
 */
public final class NoSuchMessage extends RuntimeException {
    private final boolean deleted;

    NoSuchMessage(String message, boolean deleted) {
        super(message, null, false, false); // expected: no stack trace
        this.deleted = deleted;
    }

    static NoSuchMessage in(String room) {
        return new NoSuchMessage("#" + room + " has no message with that id. It may be another room's; the room's "
                + "page is /rooms/" + room + ".", false);
    }

    static NoSuchMessage deletedFrom(String room) {
        return new NoSuchMessage("That message was deleted, so it can no longer be changed. The room's page is /rooms/"
                + room + ".", true);
    }

    public boolean deleted() {
        return deleted;
    }
}
