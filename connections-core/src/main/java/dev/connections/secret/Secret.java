package dev.connections.secret;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An API key held in memory: masked in {@code toString}, compared only on purpose, wiped on demand.
 *
 * <p>The characters live in a private array that {@link #wipe()} overwrites; the plain value is
 * reachable only through {@link #reveal()}, {@link #revealChars()} or {@link #use(Function)}, so a
 * code review can find every place a key leaves this object. {@code equals} is identity: two
 * instances with the same characters are not equal, so a key never decides a map lookup or leaks
 * through a hash code. Use {@link #matches(Secret)} for a constant-time comparison.
 */
public final class Secret implements AutoCloseable {
    private static final String MASK = "Secret[****]";
    // Exactly one is set. API keys are nearly always ASCII, kept one byte per character as String does: half
    // the memory, and a decrypted key is copied into it without a char array in between.
    private final byte @Nullable [] ascii;
    private final char @Nullable [] chars;
    private volatile boolean wiped;

    private Secret(byte @Nullable [] ascii, char @Nullable [] chars) {
        this.ascii = ascii;
        this.chars = chars;
    }

    /** Copies the characters; the caller may wipe its own array afterwards. */
    public static Secret of(char[] value) {
        Objects.requireNonNull(value, "secret value");
        return copyOf(value, 0, value.length);
    }

    /**
     * Copies {@code length} characters of {@code value} from {@code offset}; the caller may wipe its own array
     * afterwards.
     *
     * @throws IndexOutOfBoundsException when the range is not inside {@code value}
     */
    public static Secret of(char[] value, int offset, int length) {
        Objects.requireNonNull(value, "secret value");
        Objects.checkFromIndexSize(offset, length, value.length);
        return copyOf(value, offset, length);
    }

    /**
     * Decodes {@code length} bytes of strict UTF-8 from {@code offset}; the caller may wipe its bytes afterwards.
     *
     * @throws IllegalArgumentException when the bytes are not valid UTF-8 (the message quotes none of them)
     * @throws IndexOutOfBoundsException when the range is not inside {@code bytes}
     */
    public static Secret fromUtf8(byte[] bytes, int offset, int length) {
        Objects.requireNonNull(bytes, "secret bytes");
        Objects.checkFromIndexSize(offset, length, bytes.length);
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] < 0) {
                return new Secret(null, decodeStrictUtf8(bytes, offset, length));
            }
        }
        // ASCII is its own UTF-8.
        return new Secret(Arrays.copyOfRange(bytes, offset, offset + length), null);
    }

    /**
     * Wraps a key given as a String. Prefer {@link #of(char[])} where the key arrives as characters:
     * a String cannot be wiped.
     */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret value");
        char[] chars = value.toCharArray();
        try {
            return copyOf(chars, 0, chars.length);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** The plain key as a new String; use only at the point where the key is sent. */
    public String reveal() {
        byte[] a = ascii;
        char[] c = chars;
        checkNotWiped();
        return a != null ? new String(a, StandardCharsets.US_ASCII) : new String(c);
    }

    /** A copy of the plain key's characters, which the caller should wipe after use. */
    public char[] revealChars() {
        byte[] a = ascii;
        char[] c = chars;
        checkNotWiped();
        if (a == null) {
            return c.clone();
        }
        char[] copy = new char[a.length];
        for (int i = 0; i < a.length; i++) {
            copy[i] = (char) a[i];
        }
        return copy;
    }

    /** Runs {@code use} with the plain characters; the array passed is wiped when it returns. */
    public <T> T use(Function<char[], T> use) {
        char[] copy = revealChars();
        try {
            return use.apply(copy);
        } finally {
            Arrays.fill(copy, '\0');
        }
    }

    /** Number of characters. */
    public int length() {
        checkNotWiped();
        return ascii != null ? ascii.length : chars.length;
    }

    /**
     * The last {@code n} characters prefixed by "…", for showing which key is stored ("…f3a9"); the
     * whole key is never returned, so keys of {@code 2n} characters or fewer give only "…".
     */
    public String hint(int n) {
        int length = length();
        if (length <= 2 * n) {
            return "…";
        }
        return "…"
                + (ascii != null
                        ? new String(ascii, length - n, n, StandardCharsets.US_ASCII)
                        : new String(chars, length - n, n));
    }

    /** Constant-time comparison of the two keys' characters. */
    public boolean matches(Secret other) {
        byte[] a = toUtf8Bytes();
        byte[] b = other.toUtf8Bytes();
        try {
            return MessageDigest.isEqual(a, b);
        } finally {
            Arrays.fill(a, (byte) 0);
            Arrays.fill(b, (byte) 0);
        }
    }

    /** Overwrites the characters; any later access throws {@link IllegalStateException}. */
    public void wipe() {
        wiped = true;
        if (ascii != null) {
            Arrays.fill(ascii, (byte) 0);
        } else {
            Arrays.fill(chars, '\0');
        }
    }

    /** Whether {@link #wipe()} was called; a wiped secret cannot be read. */
    public boolean isWiped() {
        return wiped;
    }

    /** Same as {@link #wipe()}, for try-with-resources. */
    @Override
    public void close() {
        wipe();
    }

    /**
     * The UTF-8 bytes of the key in a new array the caller must wipe.
     *
     * @throws IllegalArgumentException when the key holds a lone surrogate, which UTF-8 cannot encode: the
     *     key is never stored altered (the message gives the position only)
     */
    public byte[] toUtf8Bytes() {
        byte[] a = ascii;
        char[] c = chars;
        checkNotWiped();
        return a != null ? a.clone() : toUtf8(c);
    }

    @Override
    public String toString() {
        return MASK;
    }

    private void checkNotWiped() {
        if (wiped) {
            throw new IllegalStateException("This secret was wiped");
        }
    }

    private static Secret copyOf(char[] value, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (value[i] >= 0x80) {
                return new Secret(null, Arrays.copyOfRange(value, offset, offset + length));
            }
        }
        byte[] ascii = new byte[length];
        for (int i = 0; i < length; i++) {
            ascii[i] = (byte) value[offset + i];
        }
        return new Secret(ascii, null);
    }

    private static char[] decodeStrictUtf8(byte[] bytes, int offset, int length) {
        CharBuffer decoded;
        try {
            decoded = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length));
        } catch (CharacterCodingException e) {
            // A malformed key is damage, not something to repair.
            throw new IllegalArgumentException("The key's bytes are not valid UTF-8");
        }
        char[] chars = new char[decoded.remaining()];
        decoded.get(chars);
        Arrays.fill(decoded.array(), '\0');
        return chars;
    }

    private static byte[] toUtf8(char[] value) {
        for (int i = 0; i < value.length; i++) {
            char c = value[i];
            boolean paired = Character.isHighSurrogate(c)
                    ? i + 1 < value.length && Character.isLowSurrogate(value[i + 1])
                    : !Character.isLowSurrogate(c);
            if (!paired) {
                // UTF_8.encode would put '?' in its place and store another key than the one typed.
                throw new IllegalArgumentException("A key cannot hold a lone surrogate (position " + (i + 1) + ")");
            }
            if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        var buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(value));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
        return bytes;
    }
}
