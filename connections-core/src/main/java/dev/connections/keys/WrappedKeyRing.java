package dev.connections.keys;

import dev.connections.crypto.KeyRing;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The two-layer key ring: data keys stored encrypted ("wrapped") by a host-supplied {@link MasterKey},
 * in the same text form as a plain ring plus a {@code master=} entry:
 *
 * <pre>{@code
 * master=kms-2026;primary=k2;k2:<base64 wrapped key>;k1:<base64 wrapped key>
 * }</pre>
 *
 * <p>The wrapped text is safe to keep in configuration, a file or a database row: without the master key
 * it reveals nothing. Rotating data keys means {@link #addPrimary adding a new wrapped key}, reloading
 * and running key rotation; the deployment secret (the master key) stays the same. Read it with {@link
 * KeyProviders#wrapped}.
 */
public final class WrappedKeyRing {
    private static final SecureRandom RANDOM = new SecureRandom();

    private WrappedKeyRing() {}

    /** The text form of {@code ring} with every data key wrapped by {@code master}. */
    public static String wrap(KeyRing ring, MasterKey master) {
        Objects.requireNonNull(ring, "ring");
        Objects.requireNonNull(master, "master");
        Map<String, byte[]> wrapped = new LinkedHashMap<>();
        for (String id : ring.keyIds()) {
            byte[] plain = ring.key(id).orElseThrow().getEncoded();
            try {
                wrapped.put(id, master.wrap(id, plain));
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        }
        return KeyRingText.format(master.id(), ring.primaryKeyId(), wrapped, ";");
    }

    /**
     * The key ring in {@code wrappedText}, unwrapped with {@code master}.
     *
     * @throws IllegalArgumentException when the text is malformed, was wrapped by another master key, or a
     *     wrapped key was altered; messages name entry numbers and the given master key's id, never
     *     anything of the text
     */
    public static KeyRing unwrap(String wrappedText, MasterKey master) {
        return unwrap(wrappedText, master, "the wrapped key ring");
    }

    static KeyRing unwrap(String wrappedText, MasterKey master, String source) {
        Objects.requireNonNull(wrappedText, "wrappedText");
        Objects.requireNonNull(master, "master");
        KeyRingText.Parsed parsed = KeyRingText.parse(wrappedText, source);
        Map<String, byte[]> plain = new LinkedHashMap<>();
        try {
            if (parsed.master() == null) {
                throw new IllegalArgumentException("The key ring in " + source
                        + " is not wrapped (no master=<id> entry); read it with KeyProviders.fromText or fromFile");
            }
            if (!parsed.master().equals(master.id())) {
                // The text's master= value is not quoted: it may be pasted key material.
                throw new IllegalArgumentException(
                        "The key ring in " + source + " is wrapped by another master key than '" + master.id() + "'");
            }
            parsed.values().forEach((id, wrapped) -> {
                try {
                    plain.put(id, master.unwrap(id, wrapped));
                } catch (IllegalArgumentException e) {
                    // Not chained: a MasterKey's message may quote the id, which came from the text.
                    throw new IllegalArgumentException("The key ring in " + source + ": the key of entry "
                            + parsed.entries().get(id) + " does not unwrap with master key '" + master.id()
                            + "' (truncated, altered, relabelled, or wrapped by another master key)");
                }
            });
            return KeyRingText.build(parsed.primary(), plain, parsed.entries(), source);
        } finally {
            parsed.wipe();
            plain.values().forEach(v -> Arrays.fill(v, (byte) 0));
        }
    }

    /**
     * {@code wrappedText} with a freshly generated data key {@code newKeyId} as primary; the former
     * keys stay for decryption until rotation has moved every secret to the new key.
     */
    public static String addPrimary(String wrappedText, MasterKey master, String newKeyId) {
        KeyRing current = unwrap(wrappedText, master);
        if (current.contains(newKeyId)) {
            throw new IllegalArgumentException("The key ring already has a key '" + newKeyId + "'");
        }
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        try {
            return wrap(current.withNewPrimary(newKeyId, fresh), master);
        } finally {
            Arrays.fill(fresh, (byte) 0);
        }
    }

    /** {@code wrappedText} without key {@code keyId}, once rotation has left nothing under it. */
    public static String remove(String wrappedText, MasterKey master, String keyId) {
        return wrap(unwrap(wrappedText, master).without(keyId), master);
    }

    /**
     * {@code wrappedText} with every data key re-wrapped by {@code newMaster}: master-key rotation, which
     * leaves the data keys and so every stored ciphertext as they are.
     */
    public static String rewrap(String wrappedText, MasterKey oldMaster, MasterKey newMaster) {
        return wrap(unwrap(wrappedText, oldMaster), newMaster);
    }
}
