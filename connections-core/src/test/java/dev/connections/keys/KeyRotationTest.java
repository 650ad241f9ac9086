package dev.connections.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.crypto.LogCapture;
import dev.connections.crypto.SecretCipher;
import dev.connections.crypto.TestKeys;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.StoredSecret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeyRotationTest {
    private static final int SECRETS = 1_000;

    private final MapSecretStore store = new MapSecretStore();
    private final Map<SecretBinding, String> plain = new HashMap<>();
    private SecretCipher old;
    private SecretCipher rotated;

    @BeforeEach
    void fillStoreUnderK1() {
        old = new SecretCipher(TestKeys.ring("k1", TestKeys.key()));
        for (int i = 0; i < SECRETS; i++) {
            SecretBinding binding = TestKeys.binding("ws" + (i % 7));
            String key = "sk-rotation-" + i;
            store.put(new StoredSecret(binding, old.seal(Secret.of(key), binding)));
            plain.put(binding, key);
        }
        rotated = old.withKeyRing(old.keyRing().withNewPrimary("k2", TestKeys.key()));
    }

    @Test
    void movesEverySecretToThePrimaryAndReportsProgress() {
        List<RotationProgress> progress = new ArrayList<>();
        try (LogCapture logs = new LogCapture()) {
            KeyRotation rotation = KeyRotation.builder(store, rotated)
                    .batchSize(100)
                    .onProgress(progress::add)
                    .build();
            RotationResult result = rotation.run();

            assertThat(result.status()).isEqualTo(RotationResult.Status.COMPLETED);
            assertThat(result.isComplete()).isTrue();
            assertThat(result.examined()).isEqualTo(SECRETS);
            assertThat(result.reencrypted()).isEqualTo(SECRETS);
            assertThat(result.primaryKeyId()).isEqualTo("k2");
            assertThat(rotation.census()).containsExactly(Map.entry("k2", (long) SECRETS));
            assertThat(logs.at("INFO")).anyMatch(l -> l.contains("1000/1000")).anyMatch(l -> l.contains("finished"));
        }
        assertThat(progress).hasSize(SECRETS / 100);
        assertThat(progress)
                .extracting(RotationProgress::done)
                .isSorted()
                .last()
                .isEqualTo((long) SECRETS);
        assertThat(progress).allSatisfy(p -> assertThat(p.total()).isEqualTo(SECRETS));
        assertThat(progress.get(4).percent()).isEqualTo(50);

        // Nothing lost, every key still the same, and the old key is no longer needed.
        SecretCipher withoutK1 = rotated.withKeyRing(rotated.keyRing().without("k1"));
        assertThat(store.count()).isEqualTo(SECRETS);
        store.entries.values().forEach(s -> assertThat(
                        withoutK1.open(s.sealed(), s.binding()).reveal())
                .isEqualTo(plain.get(s.binding())));

        RotationResult again = KeyRotation.builder(store, rotated).build().run();
        assertThat(again.reencrypted()).isZero();
        assertThat(again.examined()).isEqualTo(SECRETS);
    }

    @Test
    void canBeStoppedAndResumed() {
        AtomicReference<KeyRotation> self = new AtomicReference<>();
        List<RotationProgress> progress = new ArrayList<>();
        KeyRotation rotation = KeyRotation.builder(store, rotated)
                .batchSize(50)
                .onProgress(p -> {
                    progress.add(p);
                    if (p.done() == 150) {
                        self.get().stop();
                    }
                })
                .build();
        self.set(rotation);

        RotationResult stopped = rotation.run();
        assertThat(stopped.status()).isEqualTo(RotationResult.Status.STOPPED);
        assertThat(stopped.isComplete()).isFalse();
        assertThat(stopped.examined()).isEqualTo(150);
        assertThat(stopped.lastRef()).isPresent();
        assertThat(rotation.census()).containsEntry("k1", (long) SECRETS - 150).containsEntry("k2", 150L);

        RotationResult resumed = rotation.resume(stopped);
        assertThat(resumed.status()).isEqualTo(RotationResult.Status.COMPLETED);
        assertThat(resumed.examined()).isEqualTo(SECRETS);
        assertThat(resumed.reencrypted()).isEqualTo(SECRETS);
        assertThat(rotation.census()).containsExactly(Map.entry("k2", (long) SECRETS));
        assertThat(rotation.isRunning()).isFalse();
    }

    @Test
    void resumesAfterARecordedPosition() {
        List<RotationProgress> progress = new ArrayList<>();
        KeyRotation first = KeyRotation.builder(store, rotated)
                .batchSize(100)
                .onProgress(p -> {
                    progress.add(p);
                    if (progress.size() == 3) {
                        throw new IllegalStateException("process died");
                    }
                })
                .build();
        assertThatThrownBy(first::run).hasMessage("process died");
        var lastRef = progress.get(2).lastRef().orElseThrow();

        RotationResult rest = KeyRotation.builder(store, rotated).build().resumeAfter(lastRef);
        assertThat(rest.examined()).isEqualTo(SECRETS - 300);
        assertThat(rest.reencrypted()).isEqualTo(SECRETS - 300);
        assertThat(first.census()).containsExactly(Map.entry("k2", (long) SECRETS));
        assertThat(first.isRunning()).isFalse();
    }

    @Test
    void aConcurrentChangeWinsAndIsCounted() {
        StoredSecret victim = store.entries.firstEntry().getValue();
        SealedSecret edited = rotated.seal(Secret.of("sk-edited"), victim.binding());
        MapSecretStore racing = new MapSecretStore() {
            @Override
            public boolean replace(StoredSecret expected, SealedSecret replacement) {
                if (expected.binding().equals(victim.binding())) {
                    // An edit lands between the rotation's read and its swap.
                    store.entries.put(victim.binding().ref(), new StoredSecret(victim.binding(), edited));
                }
                return store.replace(expected, replacement);
            }

            @Override
            public List<StoredSecret> scan(dev.connections.secret.SecretRef after, int limit) {
                return store.scan(after, limit);
            }

            @Override
            public long count() {
                return store.count();
            }
        };

        RotationResult result = KeyRotation.builder(racing, rotated).build().run();
        assertThat(result.changedConcurrently()).isEqualTo(1);
        assertThat(result.reencrypted()).isEqualTo(SECRETS - 1);
        StoredSecret after = store.entries.get(victim.binding().ref());
        assertThat(after.sealed()).isEqualTo(edited);
        assertThat(rotated.open(after.sealed(), after.binding()).reveal()).isEqualTo("sk-edited");
    }

    @Test
    void secretsThatCannotBeOpenedAreLeftAloneLoggedAndCounted() {
        SecretBinding damaged = store.entries.lastEntry().getValue().binding();
        SealedSecret sealed = store.entries.lastEntry().getValue().sealed();
        byte[] payload = sealed.payload();
        payload[payload.length - 1] ^= 1;
        store.entries.put(damaged.ref(), new StoredSecret(damaged, new SealedSecret(1, "k1", payload)));
        SecretBinding orphan = TestKeys.binding();
        SecretCipher k0 = new SecretCipher(TestKeys.ring("k0", TestKeys.key()));
        store.put(new StoredSecret(orphan, k0.seal(Secret.of("sk-under-k0"), orphan)));

        try (LogCapture logs = new LogCapture()) {
            RotationResult result = KeyRotation.builder(store, rotated).build().run();
            assertThat(result.failed()).isEqualTo(2);
            assertThat(result.reencrypted()).isEqualTo(SECRETS - 1);
            assertThat(result.isComplete()).isFalse();
            assertThat(logs.at("WARN"))
                    .anyMatch(l -> l.contains(damaged.connection().toString()))
                    .anyMatch(l -> l.contains(orphan.connection().toString()) && l.contains("key id k0"))
                    .anyMatch(l -> l.contains("do not remove old keys"));
            assertThat(logs.all()).doesNotContain("sk-");
        }
    }

    @Test
    void picksUpKeysReloadedDuringARun() {
        AtomicReference<SecretCipher> current = new AtomicReference<>(rotated);
        SecretCipher k3 = rotated.withKeyRing(rotated.keyRing().withNewPrimary("k3", TestKeys.key()));
        KeyRotation rotation = KeyRotation.builder(store, current::get)
                .batchSize(100)
                .onProgress(p -> {
                    if (p.done() == 500) {
                        current.set(k3);
                    }
                })
                .build();
        RotationResult result = rotation.run();
        assertThat(result.primaryKeyId()).isEqualTo("k3");
        assertThat(rotation.census()).containsEntry("k2", 500L).containsEntry("k3", 500L);
        assertThat(rotation.run().reencrypted()).isEqualTo(500);
        assertThat(rotation.census()).containsExactly(Map.entry("k3", (long) SECRETS));
    }

    @Test
    void anEmptyStoreCompletesAtOnce() {
        List<RotationProgress> progress = new ArrayList<>();
        RotationResult result = KeyRotation.builder(new MapSecretStore(), rotated)
                .onProgress(progress::add)
                .build()
                .run();
        assertThat(result.isComplete()).isTrue();
        assertThat(result.examined()).isZero();
        assertThat(result.lastRef()).isEmpty();
        assertThat(progress).isEmpty();
    }

    @Test
    void oneInstanceRunsOneWalkAtATime() {
        AtomicReference<KeyRotation> self = new AtomicReference<>();
        List<Throwable> nested = new ArrayList<>();
        KeyRotation rotation = KeyRotation.builder(store, rotated)
                .batchSize(500)
                .onProgress(p -> {
                    try {
                        self.get().run();
                    } catch (IllegalStateException e) {
                        nested.add(e);
                    }
                })
                .build();
        self.set(rotation);
        rotation.run();
        assertThat(nested).hasSize(2).allSatisfy(e -> assertThat(e).hasMessageContaining("already running"));
        assertThatThrownBy(() -> KeyRotation.builder(store, rotated).batchSize(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
