package dev.connections.tck;

import static dev.connections.tck.TckData.newWorkspace;
import static dev.connections.tck.TckData.sealed;
import static dev.connections.tck.TckData.storedSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.id.ConnectionId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import dev.connections.spi.SecretStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link SecretStore}: put / get / replace / destroy by reference, scoped by workspace,
 * references unique across workspaces, compare-and-set replacement, and the ordered {@code scan} key
 * rotation pages through.
 *
 * <p>Extend it and implement {@link #createSecretStore()}. Tests use fresh random workspaces and
 * references, so the store may be shared and hold other data; only {@link #countCountsEntries()}
 * assumes nobody else writes to the store while it runs.
 */
public abstract class SecretStoreContract {
    protected SecretStore store;
    protected WorkspaceId ws;
    protected WorkspaceId otherWs;

    /** The store under test; called before every test. */
    protected abstract SecretStore createSecretStore();

    /** Called after every test, for adapters that hold resources. */
    protected void release(SecretStore store) {}

    @BeforeEach
    void setUpStore() {
        store = createSecretStore();
        ws = newWorkspace();
        otherWs = newWorkspace();
    }

    @AfterEach
    void tearDownStore() {
        release(store);
    }

    @Test
    @DisplayName("put then get returns the same binding and sealed bytes")
    void putThenGet() {
        StoredSecret secret = storedSecret(ws);

        store.put(secret);

        assertThat(store.get(ws, secret.binding().ref())).contains(secret);
        assertThat(store.get(ws, SecretRef.random())).isEmpty();
    }

    @Test
    @DisplayName("a reference of another workspace behaves as missing for get, replace and destroy")
    void scopedByWorkspace() {
        StoredSecret secret = storedSecret(ws);
        store.put(secret);
        SecretRef ref = secret.binding().ref();
        StoredSecret asIfOther =
                new StoredSecret(new SecretBinding(otherWs, secret.binding().connection(), ref), secret.sealed());

        assertThat(store.get(otherWs, ref)).isEmpty();
        assertThat(store.destroy(otherWs, ref)).isFalse();
        assertThat(store.replace(asIfOther, sealed("tck-key", 60))).isFalse();

        assertThat(store.get(ws, ref)).contains(secret);
    }

    @Test
    @DisplayName("putting a reference that is in use fails, in the same or another workspace, and keeps the entry")
    void referencesAreUniqueAcrossWorkspaces() {
        StoredSecret secret = storedSecret(ws);
        store.put(secret);
        SecretRef ref = secret.binding().ref();

        assertThatThrownBy(() -> store.put(storedSecret(ws, ref))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.put(storedSecret(otherWs, ref))).isInstanceOf(IllegalStateException.class);

        assertThat(store.get(ws, ref)).contains(secret);
        assertThat(store.get(otherWs, ref)).isEmpty();
    }

    @Test
    @DisplayName("putting the very same entry again is a no-op, so a retried write is safe")
    void putOfTheSameEntryIsIdempotent() {
        StoredSecret secret = storedSecret(ws);
        store.put(secret);
        long count = store.count();

        store.put(new StoredSecret(secret.binding(), secret.sealed()));

        assertThat(store.count()).isEqualTo(count);
        assertThat(store.get(ws, secret.binding().ref())).contains(secret);
        StoredSecret otherBytes = new StoredSecret(secret.binding(), sealed("tck-key-other", 40));
        assertThatThrownBy(() -> store.put(otherBytes)).isInstanceOf(IllegalStateException.class);
        assertThat(store.get(ws, secret.binding().ref())).contains(secret);
    }

    @Test
    @DisplayName("destroy removes the entry for good and reports whether there was one")
    void destroy() {
        StoredSecret secret = storedSecret(ws);
        StoredSecret neighbour = storedSecret(ws);
        store.put(secret);
        store.put(neighbour);
        SecretRef ref = secret.binding().ref();

        assertThat(store.destroy(ws, ref)).isTrue();
        assertThat(store.get(ws, ref)).isEmpty();
        assertThat(store.destroy(ws, ref)).isFalse();
        assertThat(store.destroy(ws, SecretRef.random())).isFalse();
        assertThat(store.get(ws, neighbour.binding().ref())).contains(neighbour);
    }

    @Test
    @DisplayName("after destroy, the reference can be used again")
    void destroyedReferenceCanBeReused() {
        StoredSecret secret = storedSecret(ws);
        store.put(secret);
        store.destroy(ws, secret.binding().ref());

        StoredSecret again = storedSecret(ws, secret.binding().ref());
        store.put(again);

        assertThat(store.get(ws, secret.binding().ref())).contains(again);
    }

    @Test
    @DisplayName("replace is compare-and-set on the sealed bytes")
    void replaceIsCompareAndSet() {
        StoredSecret original = storedSecret(ws);
        store.put(original);
        SealedSecret rotated = sealed("tck-key-2", 60);
        SealedSecret other = sealed("tck-key-3", 60);

        assertThat(store.replace(original, rotated)).isTrue();
        StoredSecret afterRotation = new StoredSecret(original.binding(), rotated);
        assertThat(store.get(ws, original.binding().ref())).contains(afterRotation);

        // A second rotation still expecting the original bytes lost the race and changes nothing.
        assertThat(store.replace(original, other)).isFalse();
        assertThat(store.get(ws, original.binding().ref())).contains(afterRotation);

        assertThat(store.replace(storedSecret(ws), other)).as("missing entry").isFalse();
    }

    @Test
    @DisplayName("replaceAll swaps every entry whose bytes still match, leaves the others, and says which")
    void replaceAllIsCompareAndSetPerEntry() {
        StoredSecret a = storedSecret(ws);
        StoredSecret b = storedSecret(ws);
        StoredSecret c = storedSecret(otherWs);
        store.put(a);
        store.put(b);
        store.put(c);
        // b changes after it was read (a concurrent key replacement); the rotation's swap must lose.
        SealedSecret concurrent = sealed("tck-key-concurrent", 40);
        assertThat(store.replace(b, concurrent)).isTrue();
        SealedSecret forA = sealed("tck-key-new", 40);
        SealedSecret forB = sealed("tck-key-new", 41);
        SealedSecret forC = sealed("tck-key-new", 42);

        List<Boolean> swapped = store.replaceAll(List.of(
                new SecretStore.Replacement(a, forA),
                new SecretStore.Replacement(b, forB),
                new SecretStore.Replacement(c, forC)));

        assertThat(swapped).containsExactly(true, false, true);
        assertThat(store.get(ws, a.binding().ref())).contains(new StoredSecret(a.binding(), forA));
        assertThat(store.get(ws, b.binding().ref())).contains(new StoredSecret(b.binding(), concurrent));
        assertThat(store.get(otherWs, c.binding().ref())).contains(new StoredSecret(c.binding(), forC));
        assertThat(store.replaceAll(List.of())).isEmpty();
    }

    @Test
    @DisplayName("a replace whose expected entry was destroyed does not bring it back")
    void replaceAfterDestroy() {
        StoredSecret original = storedSecret(ws);
        store.put(original);
        store.destroy(ws, original.binding().ref());

        assertThat(store.replace(original, sealed("tck-key-2", 60))).isFalse();
        assertThat(store.get(ws, original.binding().ref())).isEmpty();
    }

    @Test
    @DisplayName("a 24 KB payload under a 64-character key id round-trips unchanged")
    void largePayload() {
        String keyId = "k".repeat(32) + "-" + "0123456789abcdef0123456789abcde";
        assertThat(keyId).hasSize(64);
        StoredSecret big = new StoredSecret(
                new SecretBinding(ws, ConnectionId.random(), SecretRef.random()), sealed(keyId, 24 * 1024));

        store.put(big);

        StoredSecret read = store.get(ws, big.binding().ref()).orElseThrow();
        assertThat(read).isEqualTo(big);
        assertThat(read.sealed().toBytes()).isEqualTo(big.sealed().toBytes());
        assertThat(store.replace(big, sealed(keyId, 24 * 1024 + 1))).isTrue();
    }

    @Test
    @DisplayName("scan pages through every workspace's entries in ascending reference order, each once")
    void scanPagesInReferenceOrder() {
        // A prefix no other data has, so the walk below is ours even in a shared store. The suffixes cover
        // every character class a reference may hold: order is SecretRef's natural (binary) order.
        String prefix = "tck-scan-" + UUID.randomUUID().toString().replace("-", "");
        List<String> suffixes = List.of("-a", ".b", "0", "9", ":z", "A", "Z", "_", "a", "aa", "b", "z", "Az", "a1");
        List<StoredSecret> mine = new ArrayList<>();
        int i = 0;
        for (String suffix : suffixes) {
            StoredSecret s = storedSecret(i++ % 2 == 0 ? ws : otherWs, SecretRef.of(prefix + suffix));
            store.put(s);
            mine.add(s);
        }
        mine.sort(Comparator.comparing(s -> s.binding().ref()));

        for (int limit : List.of(1, 3, 5, 100)) {
            List<StoredSecret> walked = walk(SecretRef.of(prefix), limit, prefix);
            assertThat(walked).as("pages of %d", limit).containsExactlyElementsOf(mine);
        }
    }

    @Test
    @DisplayName("a scan page holds at most limit entries, in ascending order, starting after the given reference")
    void scanPageShape() {
        for (int i = 0; i < 4; i++) {
            store.put(storedSecret(ws));
        }
        List<StoredSecret> first = store.scan(null, 3);
        assertThat(first).hasSizeBetween(1, 3);
        assertThat(first)
                .extracting(s -> s.binding().ref())
                .isSortedAccordingTo(Comparator.naturalOrder())
                .doesNotHaveDuplicates();
        SecretRef last = first.get(first.size() - 1).binding().ref();
        assertThat(store.scan(last, 3)).extracting(s -> s.binding().ref()).allSatisfy(ref -> assertThat(ref)
                .isGreaterThan(last));
    }

    @Test
    @DisplayName("scan after the last reference returns an empty page")
    void scanPastTheEnd() {
        assertThat(store.scan(SecretRef.of("z".repeat(100)), 10)).isEmpty();
    }

    @Test
    @DisplayName("count counts entries across workspaces")
    void countCountsEntries() {
        long before = store.count();
        StoredSecret a = storedSecret(ws);
        StoredSecret b = storedSecret(otherWs);
        store.put(a);
        store.put(b);
        assertThat(store.count()).isEqualTo(before + 2);
        store.destroy(ws, a.binding().ref());
        assertThat(store.count()).isEqualTo(before + 1);
    }

    @Test
    @DisplayName("of concurrent puts of one reference exactly one wins")
    void concurrentPutsOfOneReference() {
        SecretRef ref = SecretRef.random();
        List<Boolean> results = Concurrently.race(8, Duration.ofSeconds(60), n -> {
            try {
                store.put(storedSecret(n % 2 == 0 ? ws : otherWs, ref));
                return true;
            } catch (IllegalStateException taken) {
                return false;
            }
        });
        assertThat(results).containsOnlyOnce(true);
    }

    @Test
    @DisplayName("of concurrent replaces expecting the same bytes exactly one wins")
    void concurrentReplaces() {
        StoredSecret original = storedSecret(ws);
        store.put(original);
        List<SealedSecret> candidates = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            candidates.add(sealed("tck-key-" + i, 60));
        }

        List<Boolean> results =
                Concurrently.race(8, Duration.ofSeconds(60), n -> store.replace(original, candidates.get(n)));

        assertThat(results).containsOnlyOnce(true);
        SealedSecret winner = candidates.get(results.indexOf(true));
        assertThat(store.get(ws, original.binding().ref())).contains(new StoredSecret(original.binding(), winner));
    }

    private List<StoredSecret> walk(@Nullable SecretRef from, int limit, String prefix) {
        List<StoredSecret> out = new ArrayList<>();
        @Nullable SecretRef after = from;
        while (true) {
            List<StoredSecret> page = store.scan(after, limit);
            assertThat(page.size()).isLessThanOrEqualTo(limit);
            for (StoredSecret s : page) {
                if (!s.binding().ref().value().startsWith(prefix)) {
                    return out;
                }
                out.add(s);
            }
            if (page.size() < limit) {
                return out;
            }
            after = page.get(page.size() - 1).binding().ref();
        }
    }
}
