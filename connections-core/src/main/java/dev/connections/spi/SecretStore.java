package dev.connections.spi;

import dev.connections.WorkspaceId;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Keeps encrypted keys by reference; it only ever sees ciphertext, never a plain key.
 *
 * <p>Every call is scoped by workspace: a reference of another workspace behaves as missing.
 * Implementations must be thread-safe. The contract is {@code SecretStoreContract} in connections-tck.
 */
public interface SecretStore {

    /**
     * Stores a new entry.
     *
     * @throws IllegalStateException if the reference is already in use
     */
    void put(StoredSecret secret);

    /** The entry under this reference in this workspace. */
    Optional<StoredSecret> get(WorkspaceId workspace, SecretRef ref);

    /**
     * Atomically swaps the ciphertext of an entry, only if it still holds {@code expected.sealed()}; used
     * by key rotation so a concurrent change is never overwritten.
     *
     * @return whether the swap happened
     */
    boolean replace(StoredSecret expected, SealedSecret replacement);

    /**
     * Removes the entry for good.
     *
     * @return whether there was one
     */
    boolean destroy(WorkspaceId workspace, SecretRef ref);

    /**
     * Entries of every workspace in ascending reference order, starting after {@code after} (or from the
     * first when null), at most {@code limit}: the walk key rotation and audits use.
     */
    List<StoredSecret> scan(@Nullable SecretRef after, int limit);

    /** Number of entries across all workspaces. */
    long count();
}
