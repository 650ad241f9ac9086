package dev.connections.inmemory;

import dev.connections.id.ConnectionId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import dev.connections.spi.SecretStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SecretStore} held in memory. Like every built-in store it keeps only the sealed bytes
 * (AES-GCM ciphertext with its key id), never a plain key, so a heap dump reveals no more than a database
 * dump would.
 */
public final class InMemorySecretStore implements SecretStore {

    // Sorted by reference, so scan() pages in a stable order while writers keep going.
    private final ConcurrentSkipListMap<SecretRef, Entry> entries = new ConcurrentSkipListMap<>();

    /** Creates an empty store. */
    public InMemorySecretStore() {}

    @Override
    public void put(StoredSecret secret) {
        Objects.requireNonNull(secret, "secret");
        SecretBinding binding = secret.binding();
        Entry entry = new Entry(
                binding.workspace(), binding.connection(), secret.sealed().toBytes());
        Entry existing = entries.putIfAbsent(binding.ref(), entry);
        // The same entry again is a retried write, not a conflict.
        if (existing != null && !existing.holds(binding, entry.sealedBytes)) {
            throw new IllegalStateException("Secret ref " + secret.binding().ref() + " is already in use");
        }
    }

    @Override
    public Optional<StoredSecret> get(WorkspaceId workspace, SecretRef ref) {
        Entry entry = entries.get(ref);
        if (entry == null || !entry.workspace.equals(workspace)) {
            return Optional.empty();
        }
        return Optional.of(entry.toStored(ref));
    }

    @Override
    public boolean replace(StoredSecret expected, SealedSecret replacement) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(replacement, "replacement");
        SecretRef ref = expected.binding().ref();
        Entry current = entries.get(ref);
        if (current == null
                || !current.holds(expected.binding(), expected.sealed().toBytes())) {
            return false;
        }
        // The map's replace compares by identity of the entry read above: a concurrent change wins.
        return entries.replace(ref, current, new Entry(current.workspace, current.connection, replacement.toBytes()));
    }

    @Override
    public boolean destroy(WorkspaceId workspace, SecretRef ref) {
        Entry entry = entries.get(ref);
        return entry != null && entry.workspace.equals(workspace) && entries.remove(ref, entry);
    }

    @Override
    public List<StoredSecret> scan(@Nullable SecretRef after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        NavigableMap<SecretRef, Entry> tail = after == null ? entries : entries.tailMap(after, false);
        List<StoredSecret> page = new ArrayList<>(Math.min(limit, 1024));
        for (Map.Entry<SecretRef, Entry> e : tail.entrySet()) {
            if (page.size() == limit) {
                break;
            }
            page.add(e.getValue().toStored(e.getKey()));
        }
        return page;
    }

    @Override
    public long count() {
        return entries.size();
    }

    /** Hands every stored byte array to {@code action}: what a heap dump would show, for at-rest tests. */
    void forEachStoredBytes(Consumer<byte[]> action) {
        entries.values().forEach(e -> action.accept(e.sealedBytes.clone()));
    }

    @Override
    public String toString() {
        return "InMemorySecretStore[entries=" + entries.size() + "]";
    }

    /**
     * One stored key: its binding without the ref (the map's key) and the sealed form's bytes, the least an
     * entry can hold; the records a caller gets are made on each read.
     */
    private record Entry(WorkspaceId workspace, ConnectionId connection, byte[] sealedBytes) {
        StoredSecret toStored(SecretRef ref) {
            return StoredSecret.read(new SecretBinding(workspace, connection, ref), sealedBytes);
        }

        // The sealed form's bytes are canonical, so equal bytes are an equal sealed secret.
        boolean holds(SecretBinding binding, byte[] sealed) {
            return workspace.equals(binding.workspace())
                    && connection.equals(binding.connection())
                    && Arrays.equals(sealedBytes, sealed);
        }
    }
}
