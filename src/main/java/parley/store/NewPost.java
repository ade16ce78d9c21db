package parley.store;

import java.time.Instant;
import java.util.Set;

/**
 * A post to store, as {@link MessageStore#appendAll} takes several at once: what
 * {@link MessageStore#append(String, Author, String, Instant, Set, PostKey, Instant)} takes, with no key
 * ({@code key} and {@code keptSince} null) for a post that is stored every time it is sent.
 */
public record NewPost(String room, Author author, String text, Instant sentAt, Set<String> mentionKeys, PostKey key,
                      Instant keptSince) {}
