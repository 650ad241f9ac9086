package dev.connections.oauth;

import dev.connections.id.ConnectionId;
import java.util.Objects;

/**
 * The result of deleting an OAuth connection: it is always deleted here; {@link #revocation} says what
 * happened at the provider.
 */
public record Disconnection(ConnectionId connection, Revocation revocation) {

    /** What happened at the provider when the connection was deleted. */
    public enum Revocation {
        /** The provider confirmed the revocation (RFC 7009). */
        REVOKED,
        /** The app declares no revocation endpoint: the grant stays valid at the provider until it expires or the user removes it there. */
        NOT_SUPPORTED,
        /** The provider could not be reached or refused; the connection is deleted here all the same. */
        FAILED,
        /** Not an OAuth connection: there was nothing to revoke. */
        NOT_OAUTH
    }

    public Disconnection {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(revocation, "revocation");
    }
}
