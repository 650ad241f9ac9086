package dev.connections.inmemory;

import static dev.connections.inmemory.EncryptionTestSupport.ACME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.crypto.KeyRing;
import dev.connections.error.SecretIntegrityException;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.StoredSecret;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What the in-memory adapter holds is ciphertext bound to its record, never a plain key. */
class EncryptionAtRestTest {
    private static final WorkspaceId ACME_WS = WorkspaceId.of("acme-corp");

    private final InMemorySecretStore store = new InMemorySecretStore();
    private final InMemoryConnectionRepository repository = new InMemoryConnectionRepository();
    private final AtomicReference<KeyRing> keys = new AtomicReference<>(EncryptionTestSupport.ring("k1"));
    private final Connections connections = ConnectionsBuilder.newBuilder()
            .repository(repository)
            .secretStore(store)
            .catalog(EncryptionTestSupport.catalog())
            .keyProvider(keys::get)
            .build();

    @Test
    void noPlainKeyBytesAreHeldAnywhereInTheAdapters() throws Exception {
        List<String> plainKeys = new ArrayList<>();
        List<Connection> added = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String key = "sk-live-RECOGNISABLE-" + i + "-ÄÖÜ-日本-0123456789abcdef";
            plainKeys.add(key);
            added.add(connections.addConnection(WorkspaceId.of("ws-" + (i % 3)), ACME, "conn " + i, Secret.of(key)));
        }
        for (int i = 0; i < 5; i++) {
            String replacement = "sk-live-RECOGNISABLE-replaced-" + i + "-fedcba9876543210";
            plainKeys.add(replacement);
            Connection c = added.get(i);
            connections.editConnection(
                    c.workspace(), c.id(), ConnectionEdit.replaceApiKey(c.version(), Secret.of(replacement)));
        }
        Connection gone = added.get(19);
        connections.deleteConnection(gone.workspace(), gone.id(), gone.version());
        keys.set(keys.get().withNewPrimary("k2", EncryptionTestSupport.key()));
        connections.encryptionKeys().reload();
        assertThat(connections.encryptionKeys().rotate().isComplete()).isTrue();
        // Resolve everything, so caches are as full as they get.
        for (int i = 5; i < 19; i++) {
            Connection c = added.get(i);
            assertThat(connections.resolve(c.workspace(), c.id()).withKey(Secret::reveal))
                    .isEqualTo(plainKeys.get(i));
            connections.resolveDefault(c.workspace(), ACME).withKey(Secret::length);
        }

        List<byte[]> stored = new ArrayList<>();
        store.forEachStoredBytes(stored::add);
        assertThat(stored).hasSize(19);
        for (byte[] bytes : stored) {
            assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("RECOGNISABLE");
            for (String key : plainKeys) {
                assertThat(indexOf(bytes, key.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
                assertThat(indexOf(bytes, key.getBytes(StandardCharsets.UTF_16BE)))
                        .isEqualTo(-1);
                assertThat(indexOf(bytes, key.getBytes(StandardCharsets.UTF_16LE)))
                        .isEqualTo(-1);
            }
        }

        // The whole object graph behind both adapters and the facade: strings, char and byte arrays.
        List<String> found = new ArrayList<>();
        GraphScan storeScan = new GraphScan(found);
        storeScan.visit(store, "store");
        new GraphScan(found).visit(repository, "repository");
        GraphScan facadeScan = new GraphScan(found);
        facadeScan.visit(connections, "connections");
        assertThat(found).isEmpty();
        assertThat(facadeScan.cacheEntries)
                .as("the scan reached the resolution cache")
                .isPositive();
        assertThat(storeScan.byteArrays)
                .as("the scan reached the stored ciphertexts")
                .isGreaterThanOrEqualTo(19);
    }

    @Test
    void theGraphScanFindsAPlainKeyWhereOneIsHeld() throws Exception {
        List<String> found = new ArrayList<>();
        Secret held = Secret.of("sk-RECOGNISABLE-probe"); // an ASCII key: held one byte per character
        new GraphScan(found).visit(Map.of("k", List.of(Optional.of(held))), "probe");
        assertThat(found).singleElement().asString().contains(".ascii");
        List<String> inBytes = new ArrayList<>();
        new GraphScan(inBytes).visit(new Object[] {"x", "RECOGNISABLE".getBytes(StandardCharsets.UTF_8)}, "bytes");
        assertThat(inBytes).containsExactly("bytes[1]");
    }

    @Test
    void aCiphertextCopiedToAnotherConnectionDoesNotOpen() {
        Connection a = connections.addConnection(ACME_WS, ACME, "A", Secret.of("sk-key-of-a-0123456789"));
        Connection b = connections.addConnection(ACME_WS, ACME, "B", Secret.of("sk-key-of-b-0123456789"));
        StoredSecret storedA = store.get(ACME_WS, a.secretRef()).orElseThrow();

        // An attacker with write access to the table copies A's ciphertext into B's row.
        store.destroy(ACME_WS, b.secretRef());
        store.put(new StoredSecret(new SecretBinding(ACME_WS, b.id(), b.secretRef()), storedA.sealed()));

        assertThatThrownBy(() -> connections.resolve(ACME_WS, b.id()).withKey(Secret::reveal))
                .isInstanceOf(SecretIntegrityException.class)
                .hasMessageContaining(b.id().toString())
                .hasMessageContaining("key id k1")
                .hasMessageNotContaining("sk-key");
        assertThat(connections.resolve(ACME_WS, a.id()).withKey(Secret::reveal)).isEqualTo("sk-key-of-a-0123456789");
    }

    @Test
    void aSecretUnderARemovedKeyGivesAnErrorNamingTheKeyIdNotACrash() {
        Connection c = connections.addConnection(ACME_WS, ACME, "Old", Secret.of("sk-under-k1-0123456789"));
        assertThat(connections.resolveDefault(ACME_WS, ACME).withKey(Secret::reveal))
                .isEqualTo("sk-under-k1-0123456789");

        // Removed without rotating first: the mistake the runbook warns about.
        keys.set(keys.get().withNewPrimary("k2", EncryptionTestSupport.key()).without("k1"));
        connections.encryptionKeys().reload();

        assertThatThrownBy(() -> connections.resolveDefault(ACME_WS, ACME).withKey(Secret::reveal))
                .isInstanceOf(SecretIntegrityException.class)
                .hasMessageContaining(c.id().toString())
                .hasMessageContaining("key id k1")
                .hasMessageNotContaining("sk-under");
        // Replacing the key repairs the connection, under the new primary.
        Connection fixed = connections.editConnection(
                ACME_WS, c.id(), ConnectionEdit.replaceApiKey(c.version(), Secret.of("sk-new-0123456789")));
        assertThat(store.get(ACME_WS, fixed.secretRef()).orElseThrow().sealed().keyId())
                .isEqualTo("k2");
        assertThat(connections.resolve(ACME_WS, c.id()).withKey(Secret::reveal)).isEqualTo("sk-new-0123456789");
    }

    @Test
    void aFailedReloadKeepsTheCurrentKeys() {
        Connection c = connections.addConnection(ACME_WS, ACME, "Kept", Secret.of("sk-kept-0123456789"));
        KeyRing good = keys.get();
        keys.set(null);
        assertThatThrownBy(connections.encryptionKeys()::reload).isInstanceOf(NullPointerException.class);
        keys.set(good);
        assertThat(connections.resolve(ACME_WS, c.id()).withKey(Secret::reveal)).isEqualTo("sk-kept-0123456789");
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * Walks an object graph through our own classes' fields and the JDK's collections, records every
     * string, char[] or byte[] that holds the marker of the test's keys.
     */
    private static final class GraphScan {
        private static final String MARKER = "RECOGNISABLE";
        private final Map<Object, Boolean> seen = new IdentityHashMap<>();
        private final List<String> found;
        int byteArrays;
        int cacheEntries;

        GraphScan(List<String> found) {
            this.found = found;
        }

        void visit(Object o, String path) throws Exception {
            if (o == null || seen.put(o, Boolean.TRUE) != null) {
                return;
            }
            if (o instanceof String s) {
                check(s, path);
            } else if (o instanceof char[] chars) {
                check(new String(chars), path);
            } else if (o instanceof byte[] bytes) {
                byteArrays++;
                check(new String(bytes, StandardCharsets.UTF_8), path);
                check(new String(bytes, StandardCharsets.UTF_16BE), path);
                check(new String(bytes, StandardCharsets.UTF_16LE), path);
            } else if (o.getClass().isArray()) {
                for (int i = 0; i < Array.getLength(o); i++) {
                    visit(Array.get(o, i), path + "[" + i + "]");
                }
            } else if (o instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    visit(e.getKey(), path + ".key");
                    visit(e.getValue(), path + "[" + e.getKey() + "]");
                }
            } else if (o instanceof Collection<?> collection) {
                int i = 0;
                for (Object element : collection) {
                    visit(element, path + "[" + i++ + "]");
                }
            } else if (o instanceof com.github.benmanes.caffeine.cache.Cache<?, ?> cache) {
                cacheEntries += cache.asMap().size();
                visit(cache.asMap(), path + ".asMap");
            } else if (o instanceof Optional<?> optional) {
                visit(optional.orElse(null), path + ".get");
            } else if (o instanceof AtomicReference<?> ref) {
                visit(ref.get(), path + ".get");
            } else if (o.getClass().getName().startsWith("dev.connections.")) {
                visitFields(o, path);
            }
            // Other JDK types (Instant, UUID, URI, Pattern, locks, loggers …) cannot hold a key from this
            // scenario and are closed to reflection.
        }

        private void visitFields(Object o, String path) throws Exception {
            if (o.getClass().isRecord()) {
                for (RecordComponent c : o.getClass().getRecordComponents()) {
                    var accessor = c.getAccessor();
                    accessor.setAccessible(true);
                    visit(accessor.invoke(o), path + "." + c.getName());
                }
            }
            for (Class<?> type = o.getClass();
                    type != null && type != Object.class && type != Enum.class;
                    type = type.getSuperclass()) {
                for (Field f : type.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                        continue;
                    }
                    f.setAccessible(true);
                    visit(f.get(o), path + "." + f.getName());
                }
            }
        }

        private void check(String text, String path) {
            if (text.contains(MARKER)) {
                found.add(path);
            }
        }
    }
}
