package parley.store;

import java.time.Instant;

/** A stored chat message. {@code id} increases strictly within a room, in the order messages are delivered. */
public record Message(long id, String room, String author, String text, Instant sentAt) {}
