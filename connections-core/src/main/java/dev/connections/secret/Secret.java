package dev.connections.secret;

import java.nio.CharBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

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
    private final char[] chars;
    private volatile boolean wiped;

    private Secret(char[] chars) {
        this.chars = chars;
    }

    /** Copies the characters; the caller may wipe its own array afterwards. */
    public static Secret of(char[] value) {
        Objects.requireNonNull(value, "secret value");
        return new Secret(value.clone());
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
        return new Secret(Arrays.copyOfRange(value, offset, offset + length));
    }

    /**
     * Wraps a key given as a String. Prefer {@link #of(char[])} where the key arrives as characters:
     * a String cannot be wiped.
     */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret value");
        return new Secret(value.toCharArray());
    }

    /** The plain key as a new String; use only at the point where the key is sent. */
    public String reveal() {
        return new String(checked());
    }

    /** A copy of the plain key's characters, which the caller should wipe after use. */
    public char[] revealChars() {
        return checked().clone();
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
        return checked().length;
    }

    /**
     * The last {@code n} characters prefixed by "…", for showing which key is stored ("…f3a9"); the
     * whole key is never returned, so keys of {@code 2n} characters or fewer give only "…".
     */
    public String hint(int n) {
        char[] value = checked();
        if (value.length <= 2 * n) {
            return "…";
        }
        return "…" + new String(value, value.length - n, n);
    }

    /** Constant-time comparison of the two keys' characters. */
    public boolean matches(Secret other) {
        byte[] a = toUtf8(checked());
        byte[] b = toUtf8(other.checked());
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
        Arrays.fill(chars, '\0');
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
        return toUtf8(checked());
    }

    @Override
    public String toString() {
        return MASK;
    }

    private char[] checked() {
        if (wiped) {
            throw new IllegalStateException("This secret was wiped");
        }
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
        var buffer = java.nio.charset.StandardCharsets.UTF_8.encode(CharBuffer.wrap(value));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
        return bytes;
    }
}
