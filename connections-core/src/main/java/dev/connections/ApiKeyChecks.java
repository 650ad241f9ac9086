package dev.connections;

import dev.connections.catalog.Integration;
import dev.connections.connection.Connection;
import dev.connections.connection.ResolvedConnection;
import dev.connections.id.ConnectionId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretRef;
import dev.connections.verify.CredentialVerifier;
import dev.connections.verify.Verification;
import dev.connections.verify.VerifyBeforeSave;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Test connection" for the facade: checks a stored connection's key on request, and (when {@link
 * VerifyBeforeSave} is on) a new key before anything is stored or locked.
 */
final class ApiKeyChecks {
    private static final Logger log = LoggerFactory.getLogger(ApiKeyChecks.class);

    private final CredentialVerifier verifier;
    private final VerifyBeforeSave beforeSave;
    private final Clock clock;
    private final ConnectionStatuses statuses;

    ApiKeyChecks(CredentialVerifier verifier, VerifyBeforeSave beforeSave, Clock clock, ConnectionStatuses statuses) {
        this.verifier = verifier;
        this.beforeSave = beforeSave;
        this.clock = clock;
        this.statuses = statuses;
    }

    /** Checks a stored connection's key and keeps the result as its status. */
    Verification verifyStored(ResolvedConnection connection) {
        Verification verdict = verify(connection);
        Connection c = connection.connection();
        statuses.checked(c.workspace(), c.id(), verdict);
        return verdict;
    }

    /**
     * After a save: keeps the check made before it as the connection's status, or (for a replaced key that
     * was not checked) drops the old key's result.
     */
    void saved(Connection connection, @Nullable Verification checked, boolean keyReplaced) {
        if (checked != null || keyReplaced) {
            statuses.checked(connection.workspace(), connection.id(), checked);
        }
    }

    /** Runs the verifier; a plugin that throws counts as "could not check", never as a verdict on the key. */
    Verification verify(ResolvedConnection connection) {
        try {
            return verifier.verify(connection);
        } catch (RuntimeException e) {
            // Only the type: a plugin's message may quote a request URL, and with it the key.
            log.warn(
                    "Credential verifier {} failed on connection {} ({})",
                    verifier.getClass().getName(),
                    connection.connection().id(),
                    e.getClass().getName());
            return new Verification(Verification.Status.UNREACHABLE, "The check failed.", null, clock.instant());
        }
    }

    /**
     * Checks {@code key} for a connection about to be stored; a rejected key (or, when so configured, an
     * unreachable API) becomes a field error on {@code field} and nothing is stored.
     *
     * @return the check's result, or null when keys are not checked before saving
     */
    @Nullable
    Verification beforeSave(
            WorkspaceId workspace,
            Integration app,
            String name,
            Map<String, String> settings,
            Secret key,
            String field) {
        if (beforeSave == VerifyBeforeSave.OFF) {
            return null;
        }
        Instant now = clock.instant();
        // A stand-in row: the verifier sees what a trigger would see, though nothing is stored yet.
        Connection unsaved = new Connection(
                ConnectionId.random(),
                workspace,
                app.id(),
                name,
                false,
                SecretRef.random(now),
                key.hint(4),
                settings,
                now,
                now,
                1);
        Verification verdict = verify(new ResolvedConnection(unsaved, app, () -> Secret.of(key.revealChars())));
        FieldErrors errors = new FieldErrors();
        switch (verdict.status()) {
            case INVALID -> errors.add(field, app.displayName() + " rejected this key (" + verdict.reason() + ").");
            case UNREACHABLE -> {
                if (beforeSave == VerifyBeforeSave.REFUSE_WHEN_UNREACHABLE) {
                    errors.add(
                            field,
                            "Could not check the key with " + app.displayName() + ": " + verdict.reason()
                                    + " Try again in a moment.");
                }
            }
            case VALID, UNSUPPORTED -> {}
        }
        errors.throwIfAny();
        return verdict;
    }
}
