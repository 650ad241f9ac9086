package dev.connections.keys;

import dev.connections.crypto.KeyRing;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The text form of a key ring, {@code primary=k2;k2:<base64>;k1:<base64>}, shared by the environment,
 * system property and file providers and (with a {@code master=} entry and wrapped values) by {@link
 * WrappedKeyRing}.
 *
 * <p>Entries are separated by {@code ;} or line breaks; blank entries and lines starting with {@code #}
 * are ignored. Error messages give entry numbers and key ids, never an entry's value, because a
 * malformed entry may well be a key.
 */
final class KeyRingText {
    private static final Pattern SEPARATORS = Pattern.compile("[;\\r\\n]+");

    /** The entries of one text: optional master key id, optional primary key id, values by key id. */
    record Parsed(@Nullable String master, @Nullable String primary, Map<String, byte[]> values) {
        void wipe() {
            values.values().forEach(v -> Arrays.fill(v, (byte) 0));
        }

        /** Key ids only; the values are key material. */
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
                            throw problem(source, "names the primary key twice");
                        }
                        primary = keyId(value, number, source);
                    } else if (setting.equals("master")) {
                        if (master != null) {
                            throw problem(source, "names the master key twice");
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
                        throw problem(source, "has key id '" + id + "' twice");
                    }
                    try {
                        values.put(
                                id,
                                Base64.getDecoder()
                                        .decode(entry.substring(colon + 1).strip()));
                    } catch (IllegalArgumentException e) {
                        throw problem(source, "key '" + id + "' is not valid base64");
                    }
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
            throw problem(source, "names '" + primary + "' as primary but has no key with that id");
        }
        return new Parsed(master, primary, values);
    }

    /** A ring from plain (unwrapped) values; wipes them. */
    static KeyRing toKeyRing(Parsed parsed, String source) {
        try {
            if (parsed.master() != null) {
                throw problem(
                        source,
                        "holds keys wrapped by master key '" + parsed.master()
                                + "'; read it with KeyProviders.wrapped(..., masterKey)");
            }
            return build(parsed.primary(), parsed.values(), source);
        } finally {
            parsed.wipe();
        }
    }

    static KeyRing build(@Nullable String primary, Map<String, byte[]> plainValues, String source) {
        KeyRing.Builder builder = KeyRing.builder();
        plainValues.forEach((id, key) -> {
            try {
                if (id.equals(primary)) {
                    builder.primary(id, key);
                } else {
                    builder.decryptOnly(id, key);
                }
            } catch (IllegalArgumentException e) {
                // KeyRing's messages name only the key id and the length.
                throw problem(source, e.getMessage());
            }
        });
        return builder.build();
    }

    static String format(@Nullable String master, String primary, Map<String, byte[]> values, String separator) {
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
        return id;
    }

    private static IllegalArgumentException problem(String source, String what) {
        return new IllegalArgumentException("The key ring in " + source + " " + what + ".");
    }
}
