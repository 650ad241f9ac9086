package dev.connections.keys;

import dev.connections.crypto.KeyRing;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The text form of a key ring, {@code primary=k2;k2:<base64>;k1:<base64>}, shared by the environment,
 * system property and file providers and (with a {@code master=} entry and wrapped values) by {@link
 * WrappedKeyRing}.
 *
 * <p>Entries are separated by {@code ;} or line breaks; blank entries and lines starting with {@code #}
 * are ignored. Error messages name the entry by its number and the kind of problem, and never quote
 * anything of the text: a key pasted where its id belongs ({@code <key>:}) would otherwise be echoed. For
 * the same reason a key id in the text has at most {@value #MAX_TEXT_KEY_ID} characters, fewer than the
 * 43 of a base64 AES-256 key, so a ring parsed from text can never show a pasted key as one of its ids.
 */
final class KeyRingText {
    /** The longest key id of the text form. */
    static final int MAX_TEXT_KEY_ID = 32;

    private static final Pattern SEPARATORS = Pattern.compile("[;\\r\\n]+");
    private static final int KEY_BYTES = 32;

    /**
     * The entries of one text: optional master key id, optional primary key id, values by key id, and the
     * entry number of each value (for messages that must not quote the id).
     */
    record Parsed(
            @Nullable String master,
            @Nullable String primary,
            Map<String, byte[]> values,
            Map<String, Integer> entries) {
        void wipe() {
            values.values().forEach(v -> Arrays.fill(v, (byte) 0));
        }

        /** Key ids only (never longer than {@value #MAX_TEXT_KEY_ID}, so never a key); the values are key material. */
        @Override
        public String toString() {
            return "KeyRingText.Parsed[master=" + master + ", primary=" + primary + ", keyIds=" + values.keySet() + "]";
        }
    }

    private KeyRingText() {}

    static Parsed parse(String text, String source) {
        String master = null;
        String primary = null;
        Map<String, byte[]> values = new LinkedHashMap<>();
        Map<String, Integer> entries = new LinkedHashMap<>();
        int number = 0;
        try {
            for (String raw : SEPARATORS.split(text)) {
                String entry = raw.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                number++;
                int equals = entry.indexOf('=');
                int colon = entry.indexOf(':');
                if (equals >= 0 && (colon < 0 || equals < colon)) {
                    // Base64 values end in '=', so a setting is only '=' before any ':'.
                    String setting = entry.substring(0, equals).strip();
                    String value = entry.substring(equals + 1).strip();
                    if (setting.equals("primary")) {
                        if (primary != null) {
                            throw problem(source, "entry " + number + " names the primary key a second time");
                        }
                        primary = keyId(value, number, source);
                    } else if (setting.equals("master")) {
                        if (master != null) {
                            throw problem(source, "entry " + number + " names the master key a second time");
                        }
                        master = keyId(value, number, source);
                    } else {
                        throw problem(
                                source, "entry " + number + " is not 'primary=<key id>' or '<key id>:<base64 key>'");
                    }
                } else {
                    if (colon < 0) {
                        throw problem(
                                source, "entry " + number + " is not 'primary=<key id>' or '<key id>:<base64 key>'");
                    }
                    String id = keyId(entry.substring(0, colon).strip(), number, source);
                    if (values.containsKey(id)) {
                        throw problem(
                                source, "entries " + entries.get(id) + " and " + number + " have the same key id");
                    }
                    try {
                        values.put(
                                id,
                                Base64.getDecoder()
                                        .decode(entry.substring(colon + 1).strip()));
                    } catch (IllegalArgumentException e) {
                        throw problem(source, "entry " + number + " holds a key that is not valid base64");
                    }
                    entries.put(id, number);
                }
            }
        } catch (RuntimeException e) {
            values.values().forEach(v -> Arrays.fill(v, (byte) 0));
            throw e;
        }
        if (values.isEmpty()) {
            throw problem(source, "holds no key; expected primary=<key id>;<key id>:<base64 32-byte key>");
        }
        if (primary == null) {
            if (values.size() != 1) {
                values.values().forEach(v -> Arrays.fill(v, (byte) 0));
                throw problem(source, "has several keys; say which one encrypts new keys with primary=<key id>");
            }
            primary = values.keySet().iterator().next();
        }
        if (!values.containsKey(primary)) {
            values.values().forEach(v -> Arrays.fill(v, (byte) 0));
            throw problem(source, "has a primary= entry naming a key id that no entry has");
        }
        return new Parsed(master, primary, values, entries);
    }

    /** A ring from plain (unwrapped) values; wipes them. */
    static KeyRing toKeyRing(Parsed parsed, String source) {
        try {
            if (parsed.master() != null) {
                throw problem(
                        source,
                        "holds keys wrapped by a master key (a master= entry); read it with"
                                + " KeyProviders.wrapped(..., masterKey)");
            }
            return build(parsed.primary(), parsed.values(), parsed.entries(), source);
        } finally {
            parsed.wipe();
        }
    }

    /**
     * A ring of plain values; a value of the wrong length is named by its entry number in {@code entries}
     * (by its key id when it has none, for ids that did not come from text).
     */
    static KeyRing build(
            @Nullable String primary, Map<String, byte[]> plainValues, Map<String, Integer> entries, String source) {
        KeyRing.Builder builder = KeyRing.builder();
        plainValues.forEach((id, key) -> {
            Integer entry = entries.get(id);
            if (key.length != KEY_BYTES) {
                throw problem(
                        source,
                        (entry == null ? "key '" + id + "'" : "entry " + entry) + " holds " + key.length
                                + " bytes; a key is 32 bytes (AES-256)");
            }
            if (id.equals(primary)) {
                builder.primary(id, key);
            } else {
                builder.decryptOnly(id, key);
            }
        });
        return builder.build();
    }

    static String format(@Nullable String master, String primary, Map<String, byte[]> values, String separator) {
        if (Stream.concat(Stream.ofNullable(master), values.keySet().stream())
                .anyMatch(id -> id.length() > MAX_TEXT_KEY_ID)) {
            throw new IllegalArgumentException(
                    "Key ids of the text form have at most " + MAX_TEXT_KEY_ID + " characters, e.g. k1");
        }
        StringBuilder out = new StringBuilder();
        if (master != null) {
            out.append("master=").append(master).append(separator);
        }
        out.append("primary=").append(primary);
        values.forEach((id, value) -> out.append(separator)
                .append(id)
                .append(':')
                .append(Base64.getEncoder().encodeToString(value)));
        return out.toString();
    }

    private static String keyId(String id, int number, String source) {
        if (!KeyRing.isKeyId(id)) {
            throw problem(source, "entry " + number + " has an invalid key id (" + KeyRing.KEY_ID_RULE + ")");
        }
        if (id.length() > MAX_TEXT_KEY_ID) {
            throw problem(
                    source,
                    "entry " + number + " has a key id of " + id.length() + " characters, as long as a key; was a"
                            + " key pasted where its id belongs? Key ids here have at most " + MAX_TEXT_KEY_ID
                            + " characters, e.g. k1");
        }
        return id;
    }

    private static IllegalArgumentException problem(String source, String what) {
        return new IllegalArgumentException("The key ring in " + source + " " + what + ".");
    }
}
