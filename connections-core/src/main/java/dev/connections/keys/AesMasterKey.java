package dev.connections.keys;

import dev.connections.crypto.KeyRing;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/** The built-in master key: AES-256-GCM, random 96-bit nonce, key id as associated data. */
final class AesMasterKey implements MasterKey {
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final String id;
    private final SecretKey key;

    AesMasterKey(String id, SecretKey key) {
        Objects.requireNonNull(id, "id");
        if (!KeyRing.isKeyId(id)) {
            throw new IllegalArgumentException("A master key id has " + KeyRing.KEY_ID_RULE);
        }
        this.id = id;
        this.key = key;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public byte[] wrap(String keyId, byte[] dataKey) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad(keyId));
            byte[] sealed = cipher.doFinal(dataKey);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    @Override
    public byte[] unwrap(String keyId, byte[] wrapped) {
        if (wrapped.length < NONCE_BYTES + 16) {
            throw new IllegalArgumentException("A wrapped data key is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, wrapped, 0, NONCE_BYTES));
            cipher.updateAAD(aad(keyId));
            return cipher.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("A wrapped data key does not unwrap with master key '" + id
                    + "' (altered, relabelled, or another master key)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    private byte[] aad(String keyId) {
        return ("connections-data-key\u0000" + id + "\u0000" + keyId).getBytes(StandardCharsets.UTF_8);
    }

    /** Shows the id only. */
    @Override
    public String toString() {
        return "MasterKey[AES-256-GCM, id=" + id + "]";
    }
}
