package dev.connections.keys;

import dev.connections.id.WorkspaceId;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import dev.connections.spi.SecretStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/** A minimal thread-safe SecretStore for core tests (the real one lives in connections-inmemory). */
class MapSecretStore implements SecretStore {
    final ConcurrentSkipListMap<SecretRef, StoredSecret> entries = new ConcurrentSkipListMap<>();

    @Override
    public void put(StoredSecret secret) {
        if (entries.putIfAbsent(secret.binding().ref(), secret) != null) {
            throw new IllegalStateException("in use");
        }
    }

    @Override
    public Optional<StoredSecret> get(WorkspaceId workspace, SecretRef ref) {
        return Optional.ofNullable(entries.get(ref))
                .filter(s -> s.binding().workspace().equals(workspace));
    }

    @Override
    public boolean replace(StoredSecret expected, SealedSecret replacement) {
        StoredSecret current = entries.get(expected.binding().ref());
        return current != null
                && current.equals(expected)
                && entries.replace(expected.binding().ref(), current, new StoredSecret(current.binding(), replacement));
    }

    @Override
    public boolean destroy(WorkspaceId workspace, SecretRef ref) {
        StoredSecret current = entries.get(ref);
        return current != null && current.binding().workspace().equals(workspace) && entries.remove(ref, current);
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
