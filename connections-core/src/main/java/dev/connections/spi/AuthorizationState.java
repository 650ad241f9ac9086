package dev.connections.spi;

import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.SecretRef;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A started OAuth 2.0 authorization, kept by the repository until the callback takes it (once) or it
 * expires. It is keyed by a hash of the state the browser carries, so a leaked row cannot finish a flow;
 * the PKCE code verifier is sealed like a key, bound to the connection the flow will create.
 *
 * @param stateHash SHA-256 of the state, base64url without padding
 * @param workspace the workspace the flow belongs to
 * @param integration the app
 * @param actor who started it ({@code Actor.id()}), or null for the system
 * @param connection the id of the connection the flow creates, or reconnects
 * @param reconnect whether {@code connection} exists and gets new tokens
 * @param name the new connection's name (the existing one's when reconnecting)
 * @param redirectUri the redirect URI the code is bound to
 * @param verifierRef the reference the sealed verifier is bound to
 * @param sealedVerifier the sealed PKCE code verifier
 * @param createdAt when it started
 * @param expiresAt when it stops being accepted
 */
public record AuthorizationState(
        String stateHash,
        WorkspaceId workspace,
        IntegrationId integration,
        @Nullable String actor,
        ConnectionId connection,
        boolean reconnect,
        String name,
        URI redirectUri,
        SecretRef verifierRef,
        SealedSecret sealedVerifier,
        Instant createdAt,
        Instant expiresAt) {

    public AuthorizationState {
        Objects.requireNonNull(stateHash, "stateHash");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(integration, "integration");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(verifierRef, "verifierRef");
        Objects.requireNonNull(sealedVerifier, "sealedVerifier");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "AuthorizationState[workspace=" + workspace + ", integration=" + integration + ", connection="
                + connection + ", reconnect=" + reconnect + ", expiresAt=" + expiresAt + "]";
    }
}
