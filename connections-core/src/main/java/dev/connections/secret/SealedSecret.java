package dev.connections.secret;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An encrypted key in its stored, self-describing form: format version, key id, nonce and
 * ciphertext with its authentication tag.
 *
 * <p>Layout of {@link #toBytes()} (format 1): {@code 'C' 'K'} magic, one byte format version, one
 * byte key-id length {@code n}, {@code n} bytes ASCII key id, then the format's payload (format 1:
 * 12-byte nonce followed by AES-256-GCM ciphertext and 16-byte tag). Readers dispatch on the version
 * byte, so later formats can be added without breaking stored data. Holds no plain key; {@code
 * toString} shows only the format and key id.
 */
public final class SealedSecret {
    private static final byte MAGIC_0 = 'C';
    private static final byte MAGIC_1 = 'K';
    private static final int HEADER = 4;

    private final int formatVersion;
    private final String keyId;
    private final byte[] payload;

    /** Assembles a sealed secret from its parts; {@code payload} is copied. */
    public SealedSecret(int formatVersion, String keyId, byte[] payload) {
        this(formatVersion, keyId, payload.clone(), true);
    }

    // Takes ownership of payload: for arrays this class made itself, so a stored secret is copied once when read.
    private SealedSecret(int formatVersion, String keyId, byte[] payload, boolean owned) {
        if (formatVersion < 1 || formatVersion > 255) {
            throw new IllegalArgumentException("format version is 1-255");
        }
        Objects.requireNonNull(keyId, "keyId");
        if (keyId.isEmpty() || keyId.length() > 64 || !ascii(keyId)) {
            throw new IllegalArgumentException("a key id is 1-64 ASCII characters");
        }
        this.formatVersion = formatVersion;
        this.keyId = keyId;
        this.payload = payload;
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the stored form.
     *
     * @throws IllegalArgumentException when the bytes are not a sealed secret of any known layout
     */
    public static SealedSecret fromBytes(byte[] stored) {
        Objects.requireNonNull(stored, "stored bytes");
        if (stored.length < HEADER + 1 || stored[0] != MAGIC_0 || stored[1] != MAGIC_1) {
            throw new IllegalArgumentException("not a sealed secret");
        }
        int version = stored[2] & 0xff;
        int idLength = stored[3] & 0xff;
        if (idLength == 0 || stored.length < HEADER + idLength) {
            throw new IllegalArgumentException("truncated sealed secret");
        }
        String keyId = new String(stored, HEADER, idLength, StandardCharsets.US_ASCII);
        byte[] payload = Arrays.copyOfRange(stored, HEADER + idLength, stored.length);
        return new SealedSecret(version, keyId, payload, true);
    }

    /** The self-describing stored form, read back by {@link #fromBytes(byte[])}. */
    public byte[] toBytes() {
        byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[HEADER + id.length + payload.length];
        out[0] = MAGIC_0;
        out[1] = MAGIC_1;
        out[2] = (byte) formatVersion;
        out[3] = (byte) id.length;
        System.arraycopy(id, 0, out, HEADER, id.length);
        System.arraycopy(payload, 0, out, HEADER + id.length, payload.length);
        return out;
    }

    /** Which layout the payload has; readers reject versions they do not know. */
    public int formatVersion() {
        return formatVersion;
    }

    /** The id of the data key this was encrypted under. */
    public String keyId() {
        return keyId;
    }

    /** The format-specific bytes after the header (a copy). */
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedSecret other
                && formatVersion == other.formatVersion
                && keyId.equals(other.keyId)
                && Arrays.equals(payload, other.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(formatVersion, keyId, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "SealedSecret[format=" + formatVersion + ", keyId=" + keyId + ", bytes=" + payload.length + "]";
    }
}
