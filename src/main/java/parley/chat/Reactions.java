package parley.chat;

import java.util.List;
import java.util.Optional;

/** The reactions a message can get: a small fixed palette, so a reaction is a choice, not a message of its own. */
public final class Reactions {
    /** One emoji of the palette and what it is called, for those who hear the page rather than see it. */
    public record Choice(String emoji, String name) {}

    public static final List<Choice> PALETTE = List.of(
            new Choice("👍", "thumbs up"),
            new Choice("❤️", "red heart"),
            new Choice("😄", "grinning face"),
            new Choice("🎉", "party popper"),
            new Choice("😮", "surprised face"),
            new Choice("👀", "eyes"));

    private Reactions() {}

    /** The emoji as the palette has it; {@link InvalidInput} when it is not one of them. */
    static String checked(String emoji) {
        return find(emoji).map(Choice::emoji).orElseThrow(() -> new InvalidInput(
                "Pick a reaction from the palette: " + String.join(" ", PALETTE.stream().map(Choice::emoji).toList()) + "."));
    }

    /**
     * The palette's choice for {@code emoji}. A heart may arrive without its variation selector (U+FE0F): some
     * keyboards and forms drop it, and it is the same heart.
     */
    public static Optional<Choice> find(String emoji) {
        if (emoji == null) {
            return Optional.empty();
        }
        String bare = emoji.replace("\uFE0F", "");
        return PALETTE.stream().filter(c -> c.emoji().replace("\uFE0F", "").equals(bare)).findFirst();
    }
}
