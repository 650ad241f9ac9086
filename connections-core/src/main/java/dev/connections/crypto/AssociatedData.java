package dev.connections.crypto;

import dev.connections.secret.SecretBinding;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The associated data a sealed secret is bound to: format version, a label, key id, workspace, connection and
 * ref, so ciphertext copied to another record or key id fails authentication. Its bytes are part of the stored
 * format (known-answer vectors in the tests).
 */
final class AssociatedData {
    private AssociatedData() {}

    static byte[] of(int formatVersion, String keyId, SecretBinding binding) {
        // Each part is its UTF-8 bytes after a two-byte length, as String.getBytes(UTF_8) would give them, written
        // straight into one array: decryption runs on the trigger path, so no part becomes an array of its own.
        String workspace = binding.workspace().value();
        String ref = binding.ref().value();
        int size = 1
                + (2 + AAD_LABEL.length)
                + (2 + utf8Length(keyId))
                + (2 + utf8Length(workspace))
                + (2 + UUID_CHARS)
                + (2 + utf8Length(ref));
        byte[] out = new byte[size];
        out[0] = (byte) formatVersion;
        int at = 1;
        at = writeLength(out, at, AAD_LABEL.length);
        System.arraycopy(AAD_LABEL, 0, out, at, AAD_LABEL.length);
        at += AAD_LABEL.length;
        at = writeUtf8(out, at, keyId);
        at = writeUtf8(out, at, workspace);
        at = writeLength(out, at, UUID_CHARS);
        at = writeUuid(out, at, binding.connection().value());
        writeUtf8(out, at, ref);
        return out;
    }

    private static final byte[] AAD_LABEL = "connections-secret".getBytes(StandardCharsets.UTF_8);
    private static final int UUID_CHARS = 36;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private static int writeLength(byte[] out, int at, int length) {
        out[at] = (byte) (length >>> 8);
        out[at + 1] = (byte) length;
        return at + 2;
    }

    /** The length {@code String.getBytes(UTF_8)} gives: a lone surrogate becomes one byte ('?'). */
    static int utf8Length(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                length += 1;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /** Writes {@code s} after its two-byte length, byte for byte as {@code String.getBytes(UTF_8)} encodes it. */
    private static int writeUtf8(byte[] out, int at, String s) {
        at = writeLength(out, at, utf8Length(s));
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[at++] = (byte) c;
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[at++] = (byte) (0xF0 | (cp >> 18));
                out[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                out[at++] = '?';
            } else {
                out[at++] = (byte) (0xE0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return at;
    }

    /** The canonical lower-case form {@code UUID.toString()} gives (8-4-4-4-12 hex digits). */
    private static int writeUuid(byte[] out, int at, UUID uuid) {
        at = writeHex(out, at, uuid.getMostSignificantBits() >>> 32, 8);
        out[at++] = '-';
        at = writeHex(out, at, uuid.getMostSignificantBits() >>> 16, 4);
        out[at++] = '-';
        at = writeHex(out, at, uuid.getMostSignificantBits(), 4);
        out[at++] = '-';
        at = writeHex(out, at, uuid.getLeastSignificantBits() >>> 48, 4);
        out[at++] = '-';
        return writeHex(out, at, uuid.getLeastSignificantBits(), 12);
    }

    private static int writeHex(byte[] out, int at, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
        return at + digits;
    }

    /** The counter and limits, shared by a cipher and the copies {@link #withKeyRing} makes. */
}
