package dev.connections.verify;

import dev.connections.connection.ResolvedConnection;

/**
 * Checks a connection's key against the app's live API ("Test connection"). Plugged into the facade with
 * {@code ConnectionsBuilder.newBuilder().credentialVerifier(...)}; the default is {@link HttpCredentialVerifier}.
 *
 * <p>Implementations are called concurrently. They report network trouble as {@link
 * Verification.Status#UNREACHABLE} rather than throwing, and never let the key reach a result, a log line
 * or an exception message: use {@link ResolvedConnection#withKey} so the plain key is wiped afterwards.
 */
@FunctionalInterface
public interface CredentialVerifier {

    /** Sends one cheap authenticated request for {@code connection} and says what the answer means. */
    Verification verify(ResolvedConnection connection);
}
