package dev.connections.secret;

import dev.connections.id.ConnectionId;
import dev.connections.id.WorkspaceId;
import java.util.Objects;

/**
 * The record an encrypted key belongs to; it is authenticated with the ciphertext, so a ciphertext
 * copied to another workspace, connection or reference does not decrypt.
 */
public record SecretBinding(WorkspaceId workspace, ConnectionId connection, SecretRef ref) {
    public SecretBinding {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(ref, "ref");
    }
}
