package parley.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether a form body ({@code application/x-www-form-urlencoded}) is well-formed UTF-8, both as it arrives
 * and inside every %XX escape. Java's URL decoding, which Javalin uses, quietly turns bytes that are not
 * UTF-8 into U+FFFD; a message would then be stored as something its author never typed. Refused instead.
 */
final class FormEncoding {
    private FormEncoding() {}

    static boolean isWellFormed(byte[] body) {
        if (!isUtf8(body)) {
            return false;
        }
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            for (String part : pair.split("=", 2)) {
                byte[] decoded = percentDecode(part);
                if (decoded == null || !isUtf8(decoded)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The bytes a form field stands for ('+' is a space), or null when a %XX escape is broken. */
    private static byte[] percentDecode(String part) {
        byte[] raw = part.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%') {
                int high = i + 2 < raw.length ? Character.digit(raw[i + 1], 16) : -1;
                int low = i + 2 < raw.length ? Character.digit(raw[i + 2], 16) : -1;
                if (high < 0 || low < 0) {
                    return null;
                }
                out.write(high << 4 | low);
                i += 2;
            } else {
                out.write(raw[i] == '+' ? ' ' : raw[i]);
            }
        }
        return out.toByteArray();
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
