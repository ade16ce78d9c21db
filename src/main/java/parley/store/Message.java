package parley.store;

import java.time.Instant;
import java.util.List;

/**
 * A stored chat message, in its latest form. {@code id} is the room change id of its post and never changes;
 * {@code version} is the id of its latest change (its post, an edit, its delete or a reaction), so a stream
 * that has seen change {@code k} owes its reader every message whose version is above {@code k}.
 *
 * @param authorId   the account that posted it; 0 for a message from before accounts
 * @param editedAt   when its text was last edited, or null
 * @param deletedAt  when it was deleted, or null: a deleted message is a tombstone, its text gone
 * @param reactions  each emoji in the order it was first chosen, with who chose it, first first
 * @param mentions   the members of the room its text names with {@code @name}, by name
 */
public record Message(long id, String room, String author, long authorId, String text, Instant sentAt,
                      long version, Instant editedAt, Instant deletedAt, List<Reaction> reactions,
                      List<Mention> mentions) {

    /** A message as posted: unchanged since, and by nobody's account (the store's own tests). */
    public Message(long id, String room, String author, String text, Instant sentAt) {
        this(id, room, author, 0, text, sentAt, id, null, null, List.of(), List.of());
    }

    public boolean isEdited() {
        return editedAt != null;
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }

    /** The same message with these reactions. */
    public Message withReactions(List<Reaction> reactions) {
        return new Message(id, room, author, authorId, text, sentAt, version, editedAt, deletedAt, reactions, mentions);
    }

    /** The same message with these mentions. */
    public Message withMentions(List<Mention> mentions) {
        return new Message(id, room, author, authorId, text, sentAt, version, editedAt, deletedAt, reactions, mentions);
    }

    /** Whether the text mentions this account. */
    public boolean mentions(long accountId) {
        for (Mention mention : mentions) {
            if (mention.accountId() == accountId) {
                return true;
            }
        }
        return false;
    }

    /** A member of the room the text names, and the name it has. */
    public record Mention(long accountId, String name) {}

    /** One emoji of a message's reactions and the names of the people who chose it. */
    public record Reaction(String emoji, List<String> names) {
        public int count() {
            return names.size();
        }
    }
}
