package dev.connections.tck;

import dev.connections.id.WorkspaceId;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import dev.connections.spi.SecretStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/**
 * The smallest correct {@link SecretStore}, for repository contracts whose adapter has no store of its
 * own to pair with. It keeps entries in memory and shares no transaction with any repository, as a
 * Vault- or KMS-backed store would not: pairing it with a transactional repository tests what happens
 * when a unit of work runs twice or fails half-way.
 */
public final class SimpleSecretStore implements SecretStore {
    /** An empty store. */
    public SimpleSecretStore() {}

    private final ConcurrentSkipListMap<SecretRef, StoredSecret> entries = new ConcurrentSkipListMap<>();

    @Override
    public void put(StoredSecret secret) {
        StoredSecret existing = entries.putIfAbsent(secret.binding().ref(), secret);
        if (existing != null && !existing.equals(secret)) {
            throw new IllegalStateException("Secret ref in use");
        }
    }

    @Override
    public Optional<StoredSecret> get(WorkspaceId workspace, SecretRef ref) {
        return Optional.ofNullable(entries.get(ref))
                .filter(s -> s.binding().workspace().equals(workspace));
    }

    @Override
    public boolean replace(StoredSecret expected, SealedSecret replacement) {
        return entries.replace(expected.binding().ref(), expected, new StoredSecret(expected.binding(), replacement));
    }

    @Override
    public boolean destroy(WorkspaceId workspace, SecretRef ref) {
        StoredSecret current = get(workspace, ref).orElse(null);
        return current != null && entries.remove(ref, current);
    }

    @Override
    public List<StoredSecret> scan(@Nullable SecretRef after, int limit) {
        var tail = after == null ? entries : entries.tailMap(after, false);
        return tail.values().stream().limit(limit).toList();
    }

    @Override
    public long count() {
        return entries.size();
    }
}
