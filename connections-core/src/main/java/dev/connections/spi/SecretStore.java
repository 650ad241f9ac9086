package dev.connections.spi;

import dev.connections.id.WorkspaceId;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import java.util.List;
import java.util.Objects;
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
     * Stores a new entry. Storing the very same entry again (same binding, same sealed bytes) is a no-op, so
     * a write retried after a lost acknowledgement is safe.
     *
     * @throws IllegalStateException if the reference already holds another entry
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
     * {@link #replace} for many entries at once, each compare-and-set on its own stored bytes, so an entry
     * changed concurrently (a key replacement) keeps its new bytes; used by key rotation, one batch per call.
     * The default replaces one by one; a store that can do better (one transaction, one round trip) overrides
     * it.
     *
     * @return for each replacement, in order, whether its swap happened
     */
    default List<Boolean> replaceAll(List<Replacement> replacements) {
        return replacements.stream()
                .map(r -> replace(r.expected(), r.replacement()))
                .toList();
    }

    /** One swap for {@link #replaceAll}: the entry as it was read, and the bytes to store instead. */
    record Replacement(StoredSecret expected, SealedSecret replacement) {
        public Replacement {
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(replacement, "replacement");
        }
    }

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
