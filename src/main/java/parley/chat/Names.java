package parley.chat;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.SpoofChecker;
import java.text.Normalizer;

/**
 * Account names: what Parley accepts as one, and the key under which two names count as the same
 * name, so that nobody can register a look-alike of someone else's ("аlice" with a Cyrillic а, "ALICE").
 */
public final class Names {
    public static final int MAX = 24;

    /*
     * Immutable once built (ICU: "an immutable SpoofChecker is returned"; getSkeleton reads only the
     * confusables data loaded at build time and works in local buffers), so one instance serves every
     * thread. Building it loads the confusables data, which is why it is done once.
     */
    private static final SpoofChecker CONFUSABLES =
            new SpoofChecker.Builder().setChecks(SpoofChecker.CONFUSABLE).build();

    /** Folding and the skeleton each can uncover work for the other; real names settle in one or two rounds. */
    private static final int MAX_ROUNDS = 4;

    private Names() {}

    /** The name as it is stored and shown: stripped and in NFC; or {@link InvalidInput} saying what is allowed. */
    public static String accountName(String raw) {
        String name = raw == null ? "" : Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
        if (name.isEmpty()) {
            throw new InvalidInput("Choose a name: 1–24 characters.");
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX) {
            throw new InvalidInput("That name is " + length + " characters long; a name is 1–24 characters.");
        }
        if (name.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL)) {
            throw new InvalidInput("A name can't contain control characters such as line breaks or tabs.");
        }
        if (name.codePoints().anyMatch(Names::isBidiControl)) {
            throw new InvalidInput(
                    "A name can't contain the invisible characters that change the direction of text (such as U+202E).");
        }
        if (name.codePoints().noneMatch(Names::isVisible)) {
            throw new InvalidInput("A name needs at least one visible character.");
        }
        // A name is one segment of a URL path (/admin/people/{name}/…): a slash would split it, and "." or
        // ".." would be resolved away by the browser before the request is sent.
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.equals(".") || name.equals("..")) {
            throw new InvalidInput("A name can't contain / or \\, or be just . or ..");
        }
        return name;
    }

    /**
     * The key under which names must be unique. Case is folded first (so "ALICE", whose capital I is
     * a look-alike of l, folds to "alice" rather than becoming "allce"), then the UTS #39 skeleton
     * maps look-alikes to one prototype (Cyrillic а → a, fullwidth ａ → a, dotless ı → i, m → rn) and
     * drops default-ignorable characters such as U+200B. The skeleton can produce capitals (ℂ → C),
     * so both steps repeat until nothing changes. It is a key, never shown: "rn" and "m" share one.
     */
    public static String skeleton(String name) {
        String key = name;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            String next = CONFUSABLES.getSkeleton(UCharacter.foldCase(key, UCharacter.FOLD_CASE_DEFAULT));
            if (next.equals(key)) {
                break;
            }
            key = next;
        }
        return key;
    }

    /** U+200E/200F, U+061C, the embeddings and overrides U+202A–202E, the isolates U+2066–2069. */
    private static boolean isBidiControl(int c) {
        return c == 0x200E || c == 0x200F || c == 0x061C || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    /**
     * Not a space, a control, a format character (U+200B, U+FEFF), or another character that draws
     * nothing: the default-ignorables (the Hangul fillers U+3164 and U+FFA0 are letters that draw
     * nothing) and the blank Braille pattern U+2800, a known way to make a name that looks empty.
     */
    private static boolean isVisible(int c) {
        int type = Character.getType(c);
        return !Character.isWhitespace(c) && !Character.isSpaceChar(c) && type != Character.CONTROL
                && type != Character.FORMAT && c != 0x2800
                && !UCharacter.hasBinaryProperty(c, UProperty.DEFAULT_IGNORABLE_CODE_POINT);
    }
}
