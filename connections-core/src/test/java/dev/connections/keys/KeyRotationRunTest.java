package dev.connections.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.crypto.LogCapture;
import dev.connections.crypto.SecretCipher;
import dev.connections.crypto.TestKeys;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.StoredSecret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a rotation run tells while it goes: whether it runs, what it has done this run, and its log lines. */
class KeyRotationRunTest {
    private static final int SECRETS = 100;

    private final MapSecretStore store = new MapSecretStore();
    private SecretCipher rotated;

    @BeforeEach
    void fillStoreUnderK1() {
        SecretCipher old = new SecretCipher(TestKeys.ring("k1", TestKeys.key()));
        for (int i = 0; i < SECRETS; i++) {
            SecretBinding binding = TestKeys.binding("ws" + (i % 3));
            store.put(new StoredSecret(binding, old.seal(Secret.of("sk-run-" + i), binding)));
        }
        rotated = old.withKeyRing(old.keyRing().withNewPrimary("k2", TestKeys.key()));
    }

    @Test
    void isRunningAndSaysSoOnlyWhileARunIsInProgress() {
        AtomicReference<KeyRotation> self = new AtomicReference<>();
        List<String> seen = new ArrayList<>();
        KeyRotation rotation = KeyRotation.builder(store, rotated)
                .batchSize(40)
                .onProgress(p -> seen.add(self.get().isRunning() + " " + self.get()))
                .build();
        self.set(rotation);
        assertThat(rotation.isRunning()).isFalse();
        assertThat(rotation).hasToString("KeyRotation[batchSize=40, running=false]");

        rotation.run();

        assertThat(seen).hasSize(3).allMatch(s -> s.equals("true KeyRotation[batchSize=40, running=true]"));
        assertThat(rotation.isRunning()).isFalse();
    }

    @Test
    void aBatchOfOneSecretIsTheSmallestAllowed() {
        List<RotationProgress> progress = new ArrayList<>();
        RotationResult result = KeyRotation.builder(store, rotated)
                .batchSize(1)
                .onProgress(progress::add)
                .build()
                .run();

        assertThat(result.reencrypted()).isEqualTo(SECRETS);
        assertThat(progress).hasSize(SECRETS);
        assertThatThrownBy(() -> KeyRotation.builder(store, rotated).batchSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchSize must be at least 1");
    }

    @Test
    void aResumedRunCountsWhatItDidItselfApartFromTheTotal() {
        AtomicReference<KeyRotation> self = new AtomicReference<>();
        List<RotationProgress> progress = new ArrayList<>();
        KeyRotation rotation = KeyRotation.builder(store, rotated)
                .batchSize(10)
                .onProgress(p -> {
                    progress.add(p);
                    if (p.done() == 30) {
                        self.get().stop();
                    }
                })
                .build();
        self.set(rotation);
        RotationResult stopped = rotation.run();
        progress.clear();

        long before = System.nanoTime();
        rotation.resume(stopped);
        long took = System.nanoTime() - before;

        assertThat(progress.get(0).done()).isEqualTo(40);
        assertThat(progress.get(0).doneThisRun()).isEqualTo(10);
        assertThat(progress.get(progress.size() - 1).doneThisRun()).isEqualTo(SECRETS - 30);
        // The run's own duration, never more than the call that contains it took.
        assertThat(progress).allSatisfy(p -> assertThat(p.elapsed()).isBetween(Duration.ZERO, Duration.ofNanos(took)));
    }

    @Test
    void theLogSaysWhetherARunStartedOrResumedAndReportsProgressOncePerTenth() {
        AtomicReference<KeyRotation> self = new AtomicReference<>();
        KeyRotation rotation = KeyRotation.builder(store, rotated)
                .batchSize(1)
                .onProgress(p -> {
                    if (p.done() == 50) {
                        self.get().stop();
                    }
                })
                .build();
        self.set(rotation);
        try (LogCapture logs = new LogCapture()) {
            RotationResult stopped = rotation.run();
            assertThat(logs.at("INFO")).anyMatch(l -> l.startsWith("INFO Key rotation started: about 100 secrets"));
            // done = 1..50 of 100: percent 1..50, so tenths 0..5, each logged once at INFO.
            assertThat(logs.at("INFO"))
                    .filteredOn(l -> l.contains("secrets examined ("))
                    .hasSize(6);
            assertThat(logs.at("DEBUG"))
                    .filteredOn(l -> l.contains("secrets examined"))
                    .hasSize(44);

            rotation.resume(stopped);
            assertThat(logs.at("INFO"))
                    .anyMatch(l -> l.startsWith("INFO Key rotation resumed after "
                            + stopped.lastRef().orElseThrow()));
        }
    }
}
