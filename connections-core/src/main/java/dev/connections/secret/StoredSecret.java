package dev.connections.secret;

import dev.connections.error.SecretIntegrityException;
import java.util.Objects;

/** One entry of a {@code SecretStore}: the encrypted key and the record it is bound to. */
public record StoredSecret(SecretBinding binding, SealedSecret sealed) {
    public StoredSecret {
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(sealed, "sealed");
    }

    /**
     * Reads the bytes a store kept for {@code binding}. Bytes that are not a sealed key (a damaged or
     * hand-edited row) fail here, for every store alike, as an integrity error naming the connection;
     * the bytes themselves are never quoted.
     *
     * @throws SecretIntegrityException when {@code stored} is not a sealed key of any known layout
     */
    public static StoredSecret read(SecretBinding binding, byte[] stored) {
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(stored, "stored");
        try {
            return new StoredSecret(binding, SealedSecret.fromBytes(stored));
        } catch (IllegalArgumentException e) {
            throw new SecretIntegrityException(
                    "The stored key of connection " + binding.connection() + " is damaged: not a readable sealed key.");
        }
    }
}
