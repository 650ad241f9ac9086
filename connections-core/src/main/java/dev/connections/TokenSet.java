package dev.connections;

import dev.connections.error.SecretIntegrityException;
import dev.connections.oauth.TokenEndpointException;
import dev.connections.secret.Secret;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The tokens of an OAuth connection as one secret, so they are sealed, stored, rotated and destroyed exactly
 * like an API key, and a refresh that rotates the refresh token replaces both in one write.
 *
 * <p>The layout is a version line, the access token and the refresh token (empty when there is none), one per
 * line: RFC 6749 tokens are visible ASCII (VSCHAR), so a line break never occurs inside one, and a token that
 * contains one is refused rather than stored ambiguously.
 */
final class TokenSet {
    private static final String HEADER = "oauth2/v1";

    private TokenSet() {}

    /** The opened tokens; closing wipes them. */
    record Opened(Secret accessToken, @Nullable Secret refreshToken) implements AutoCloseable {
        @Override
        public void close() {
            accessToken.wipe();
            if (refreshToken != null) {
                refreshToken.wipe();
            }
        }

        @Override
        public String toString() {
            return "TokenSet.Opened[****]";
        }
    }

    /** The secret holding {@code accessToken} and {@code refreshToken}; the caller owns and wipes it. */
    static Secret encode(Secret accessToken, @Nullable Secret refreshToken) {
        char[] access = accessToken.revealChars();
        char[] refresh = refreshToken == null ? new char[0] : refreshToken.revealChars();
        try {
            if (access.length == 0 || contains(access, '\n') || contains(refresh, '\n')) {
                throw new TokenEndpointException(
                        TokenEndpointException.Kind.REJECTED,
                        null,
                        "The provider sent an empty token or one with a line break, which no RFC 6749 token has",
                        null,
                        null);
            }
            char[] joined = new char[HEADER.length() + 1 + access.length + 1 + refresh.length];
            HEADER.getChars(0, HEADER.length(), joined, 0);
            int at = HEADER.length();
            joined[at++] = '\n';
            System.arraycopy(access, 0, joined, at, access.length);
            at += access.length;
            joined[at++] = '\n';
            System.arraycopy(refresh, 0, joined, at, refresh.length);
            Secret secret = Secret.of(joined);
            Arrays.fill(joined, '\0');
            return secret;
        } finally {
            Arrays.fill(access, '\0');
            Arrays.fill(refresh, '\0');
        }
    }

    /**
     * The tokens in {@code secret}.
     *
     * @throws SecretIntegrityException when it does not hold a token set (an API key, or damaged)
     */
    static Opened decode(Secret secret) {
        char[] chars = secret.revealChars();
        try {
            int first = indexOf(chars, '\n', 0);
            if (first != HEADER.length() || !HEADER.contentEquals(java.nio.CharBuffer.wrap(chars, 0, first))) {
                throw notATokenSet();
            }
            int second = indexOf(chars, '\n', first + 1);
            if (second < 0 || second == first + 1) {
                throw notATokenSet();
            }
            Secret access = Secret.of(chars, first + 1, second - first - 1);
            int refreshLength = chars.length - second - 1;
            Secret refresh = refreshLength == 0 ? null : Secret.of(chars, second + 1, refreshLength);
            return new Opened(access, refresh);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static SecretIntegrityException notATokenSet() {
        return new SecretIntegrityException("The stored secret of an OAuth connection does not hold its tokens.");
    }

    private static boolean contains(char[] chars, char c) {
        return indexOf(chars, c, 0) >= 0;
    }

    private static int indexOf(char[] chars, char c, int from) {
        for (int i = from; i < chars.length; i++) {
            if (chars[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
