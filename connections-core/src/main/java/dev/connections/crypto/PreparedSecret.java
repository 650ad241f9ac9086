package dev.connections.crypto;

import dev.connections.secret.SealedSecret;
import dev.connections.secret.SecretBinding;
import java.util.Objects;

/**
 * A sealed secret made ready to be opened many times: its ciphertext and the associated data of its binding
 * computed once, so each {@link SecretCipher#open(PreparedSecret)} does only the decryption.
 *
 * <p>Holds ciphertext and record ids, never a plain key; the key ring is consulted at each opening, so a key
 * ring reloaded in between is honoured. {@code toString} shows the binding and key id only.
 */
public final class PreparedSecret {
    private final SealedSecret sealed;
    private final SecretBinding binding;
    private final byte[] payload;
    private final byte[] associatedData;

    private PreparedSecret(SealedSecret sealed, SecretBinding binding) {
        this.sealed = sealed;
        this.binding = binding;
        this.payload = sealed.payload();
        this.associatedData = AssociatedData.of(sealed.formatVersion(), sealed.keyId(), binding);
    }

    /** Prepares {@code sealed}, which must have been sealed for exactly {@code binding}, for opening. */
    public static PreparedSecret of(SealedSecret sealed, SecretBinding binding) {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(binding, "binding");
        return new PreparedSecret(sealed, binding);
    }

    /** The sealed secret as stored. */
    public SealedSecret sealed() {
        return sealed;
    }

    /** The record the secret was sealed for. */
    public SecretBinding binding() {
        return binding;
    }

    // Shared with SecretCipher, never handed out: opening only reads them.
    byte[] payload() {
        return payload;
    }

    byte[] associatedData() {
        return associatedData;
    }

    @Override
    public String toString() {
        return "PreparedSecret[" + binding + ", keyId=" + sealed.keyId() + "]";
    }
}
