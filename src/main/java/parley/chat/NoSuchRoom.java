package parley.chat;

/**
 * An address names no room the viewer may open: the name breaks the rules for room names, or the room is
 * private or direct and they are not a member. Not a mistake in a form, so not {@link InvalidInput}: the
 * answer is "no such room" (404), with {@link #HIDDEN} as the one message for every room they may not read.
 */
public final class NoSuchRoom extends RuntimeException {
    /** What anyone who may not read a room is told, whichever room and whichever path under it. */
    public static final String HIDDEN = "There is no room here that you can open. If someone meant to invite you "
            + "to a private room, ask them to add you.";

    public NoSuchRoom(String message) {
        super(message, null, false, false); // expected, so no stack trace is captured or logged
    }

    static NoSuchRoom hidden() {
        return new NoSuchRoom(HIDDEN);
    }
}
