package dev.connections.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The provider's own short explanation of an answer ("Incorrect API key provided"), taken from the
 * common JSON error shapes and scrubbed: providers echo keys back, whole or masked, so anything that
 * shares six characters with the key, looks masked, or looks like a token is replaced.
 */
final class ProviderReason {
    static final int MAX_CHARS = 160;
    private static final String REDACTED = "[redacted]";
    private static final int SHARED = 6;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    // Paths to the message in the error bodies of the APIs in the catalog, most specific first.
    private static final List<String> PATHS = List.of(
            "/error/message",
            "/error_description",
            "/message",
            "/error",
            "/errors/0/message",
            "/errors/0/detail",
            "/errors/0/title",
            "/detail",
            "/title",
            "/description");
    private static final Pattern MASKED = Pattern.compile(".*([*•xX])\\1\\1.*");
    private static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9_\\-:.+/=]{24,}");
    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Co}\\p{Cn}\\p{Zl}\\p{Zp}]");

    private ProviderReason() {}

    /** The message of a JSON error body, scrubbed of {@code key}; empty when the body holds none. */
    static String from(byte[] body, @Nullable String contentType, String key) {
        String message = message(body, contentType);
        return message == null ? "" : scrub(message, key);
    }

    private static @Nullable String message(byte[] body, @Nullable String contentType) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.startsWith("{")) {
            try {
                JsonNode root = MAPPER.readTree(text);
                for (String path : PATHS) {
                    JsonNode node = root.at(path);
                    if (node.isTextual() && !node.textValue().isBlank()) {
                        return node.textValue();
                    }
                }
            } catch (IOException notJson) {
                // A capped or malformed body has no message worth showing.
            }
            return null;
        }
        boolean plain = contentType != null && contentType.toLowerCase().startsWith("text/plain");
        return plain && text.length() <= MAX_CHARS ? text : null;
    }

    /** {@code message} on one line, without anything that could be (part of) the key, at most 160 chars. */
    static String scrub(String message, String key) {
        Set<String> grams = grams(key);
        StringBuilder out = new StringBuilder();
        for (String token : INVISIBLE.matcher(message).replaceAll(" ").strip().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            boolean secretish = (!key.isEmpty() && token.contains(key))
                    || sharesGram(token, grams)
                    || MASKED.matcher(token).matches()
                    || TOKEN_LIKE.matcher(token).find();
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(secretish ? REDACTED : token);
        }
        if (out.length() > MAX_CHARS) {
            out.setLength(MAX_CHARS - 1);
            out.append('…');
        }
        return out.toString();
    }

    private static Set<String> grams(String key) {
        Set<String> grams = new HashSet<>();
        for (int i = 0; i + SHARED <= key.length(); i++) {
            grams.add(key.substring(i, i + SHARED));
        }
        return grams;
    }

    private static boolean sharesGram(String token, Set<String> grams) {
        for (int i = 0; i + SHARED <= token.length(); i++) {
            if (grams.contains(token.substring(i, i + SHARED))) {
                return true;
            }
        }
        return false;
    }
}
