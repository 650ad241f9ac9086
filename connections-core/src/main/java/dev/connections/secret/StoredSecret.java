package dev.connections.secret;

import java.util.Objects;

/** One entry of a {@code SecretStore}: the encrypted key and the record it is bound to. */
public record StoredSecret(SecretBinding binding, SealedSecret sealed) {
    public StoredSecret {
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(sealed, "sealed");
    }
}
