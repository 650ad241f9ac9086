package dev.connections;

import dev.connections.error.OutcomeUnknownException;
import dev.connections.error.StorageException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.ConnectionRepository.AppState;
import dev.connections.spi.ConnectionRepository.AppWork;
import dev.connections.spi.SecretStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one write to an app so that a storage fault can neither lose a key nor report a failure that did
 * not happen.
 *
 * <p>Where the keys go depends on the secret store. One that {@linkplain
 * ConnectionRepository#sharesTransactionsWith shares the repository's transactions} gets the new key and the removal of
 * the old one inside the unit of work, so a rollback undoes both. Any other store gets the new key before
 * the unit of work (once, outside the unit's retries) and loses the old one only after the change is known
 * to be committed; a new key is removed again only when the change is known not to be.
 *
 * <p>When the repository reports {@link OutcomeUnknownException} (the COMMIT's answer was lost), the
 * outcome is settled by reading the app back under its lock: the facade chose the ids, the secret ref and
 * the new version, so the write's own rows say whether it landed. Landed: success, exactly as if
 * acknowledged. Not landed: nothing changed, so the write runs again. Unreachable: the host gets {@link
 * OutcomeUnknownException} and nothing is destroyed; leftovers are for {@code sweepOrphanedSecrets}.
 */
final class AppWrites {
    private static final Logger LOG = LoggerFactory.getLogger(AppWrites.class);
    /** Runs of one write whose commits were settled as "not saved" before the host is told. */
    private static final int SETTLED_ATTEMPTS = 3;

    private final ConnectionRepository repository;
    private final SecretStore secrets;
    private final boolean joined;

    AppWrites(ConnectionRepository repository, SecretStore secrets) {
        this.repository = repository;
        this.secrets = secrets;
        this.joined = repository.sharesTransactionsWith(secrets);
    }

    /**
     * One write to one app.
     *
     * @param newSecrets the keys the write stores (none, one, or an import's)
     * @param unit the unit of work; may run more than once, so it decides only from the state it is given
     * @param retired the key the result no longer references (replaced or deleted), to remove once committed
     * @param landed whether the app's state holds the effect of the result of the unit's last run
     */
    record Write<T>(
            WorkspaceId workspace,
            IntegrationId app,
            List<StoredSecret> newSecrets,
            AppWork<T> unit,
            Function<T, Optional<SecretRef>> retired,
            BiPredicate<AppState, T> landed) {
        Write {
            newSecrets = List.copyOf(newSecrets);
            Objects.requireNonNull(workspace, "workspace");
            Objects.requireNonNull(app, "app");
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(retired, "retired");
            Objects.requireNonNull(landed, "landed");
        }
    }

    <T> T run(Write<T> write) {
        List<StoredSecret> before = joined ? List.of() : write.newSecrets();
        List<StoredSecret> stored = new ArrayList<>();
        T result;
        try {
            for (StoredSecret secret : before) {
                secrets.put(secret);
                stored.add(secret);
            }
            result = commitSettled(write);
        } catch (OutcomeUnknownException e) {
            // A committed row may reference the new keys: keep them; the sweep removes them if nothing does.
            throw e;
        } catch (RuntimeException e) {
            for (StoredSecret secret : stored) {
                removeQuietly(write.workspace(), secret.binding().ref(), e);
            }
            throw e;
        }
        if (!joined) {
            write.retired().apply(result).ifPresent(ref -> removeAfterCommit(write.workspace(), ref));
        }
        return result;
    }

    private <T> T commitSettled(Write<T> write) {
        for (int attempt = 1; ; attempt++) {
            AtomicReference<@Nullable T> last = new AtomicReference<>();
            try {
                return repository.modify(write.workspace(), write.app(), state -> {
                    if (joined) {
                        write.newSecrets().forEach(secrets::put);
                    }
                    T result = write.unit().run(state);
                    if (joined) {
                        write.retired().apply(result).ifPresent(ref -> secrets.destroy(write.workspace(), ref));
                    }
                    last.set(result);
                    return result;
                });
            } catch (OutcomeUnknownException unknown) {
                T result = last.get();
                if (result != null && settle(write, result, unknown)) {
                    LOG.info(
                            "A write to app {} in workspace {} was saved although the database's acknowledgement was"
                                    + " lost",
                            write.app(),
                            write.workspace());
                    return result;
                }
                if (attempt >= SETTLED_ATTEMPTS) {
                    throw new StorageException(
                            "Could not save the change: the database connection was lost while committing, and the"
                                    + " change was not saved. Try again.",
                            unknown);
                }
                LOG.info(
                        "A write to app {} in workspace {} was not saved when the database's acknowledgement was lost;"
                                + " running it again",
                        write.app(),
                        write.workspace());
            }
        }
    }

    /** Whether the write of {@code result} landed, read back under the app's lock. */
    private <T> boolean settle(Write<T> write, T result, OutcomeUnknownException unknown) {
        try {
            // Taking the lock waits for the lost transaction to end on the server, committed or rolled back.
            return repository.modify(
                    write.workspace(), write.app(), state -> write.landed().test(state, result));
        } catch (StorageException e) {
            unknown.addSuppressed(e);
            LOG.warn(
                    "Could not settle whether a write to app {} in workspace {} was saved; nothing was removed",
                    write.app(),
                    write.workspace());
            throw new OutcomeUnknownException(
                    "Could not confirm whether the change was saved: the database is unreachable. Nothing was"
                            + " removed; look at the connection again before repeating the change.",
                    unknown);
        }
    }

    private void removeAfterCommit(WorkspaceId workspace, SecretRef ref) {
        try {
            secrets.destroy(workspace, ref);
        } catch (RuntimeException e) {
            // The change is committed and no row references this key any more: a sweep removes it later.
            LOG.warn("Could not remove a replaced key in workspace {}; sweepOrphanedSecrets will", workspace, e);
        }
    }

    private void removeQuietly(WorkspaceId workspace, SecretRef ref, RuntimeException failure) {
        try {
            secrets.destroy(workspace, ref);
        } catch (RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }
}
