package dev.connections.keys;

import dev.connections.crypto.KeyUsageExceededException;
import dev.connections.crypto.SecretCipher;
import dev.connections.error.SecretIntegrityException;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import dev.connections.spi.SecretStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online re-encryption of every stored secret under the key ring's primary key, in batches, while the
 * library keeps serving reads and writes.
 *
 * <p>The walk follows {@link SecretStore#scan} in reference order. Each secret under an older key is
 * decrypted and sealed again under the primary key for the same record, then swapped in with {@link
 * SecretStore#replace}, which only succeeds if the entry is unchanged: a concurrent edit or delete
 * always wins and is counted, never overwritten. Progress (done / total) goes to the {@link
 * Builder#onProgress callback} after every batch and to the SLF4J log. A run can be {@link #stop()
 * stopped} and later {@link #resume resumed}; one instance runs one walk at a time.
 *
 * <pre>{@code
 * RotationResult result = KeyRotation.builder(store, cipher)
 *         .batchSize(500)
 *         .onProgress(p -> metrics.gauge("rotation.percent", p.percent()))
 *         .build()
 *         .run();
 * }</pre>
 */
public final class KeyRotation {
    private static final Logger LOG = LoggerFactory.getLogger(KeyRotation.class);

    private final SecretStore store;
    private final Supplier<SecretCipher> cipher;
    private final int batchSize;
    private final Consumer<RotationProgress> onProgress;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopRequested;

    private KeyRotation(Builder b) {
        this.store = b.store;
        this.cipher = b.cipher;
        this.batchSize = b.batchSize;
        this.onProgress = b.onProgress;
    }

    /** A rotation of {@code store}'s secrets with {@code cipher}'s key ring. */
    public static Builder builder(SecretStore store, SecretCipher cipher) {
        Objects.requireNonNull(cipher, "cipher");
        return new Builder(store, () -> cipher);
    }

    /**
     * A rotation that asks {@code cipher} for the current cipher before every batch, so keys reloaded
     * during a run are used from the next batch on (the facade wires it this way).
     */
    public static Builder builder(SecretStore store, Supplier<SecretCipher> cipher) {
        return new Builder(store, cipher);
    }

    /**
     * Walks the whole store from the start.
     *
     * @throws IllegalStateException when this instance is already running
     * @throws KeyUsageExceededException when the primary key reaches its limit during the run (resume
     *     with {@link #resumeAfter} from the last progress after rotating to a new primary)
     */
    public RotationResult run() {
        return walk(null, new Counts());
    }

    /** Continues a stopped run after its last examined secret, adding to its counts. */
    public RotationResult resume(RotationResult previous) {
        Objects.requireNonNull(previous, "previous");
        Counts counts = new Counts();
        counts.examined = previous.examined();
        counts.reencrypted = previous.reencrypted();
        counts.changed = previous.changedConcurrently();
        counts.failed = previous.failed();
        return walk(previous.lastRef().orElse(null), counts);
    }

    /**
     * Continues after {@code lastDone}, e.g. the {@link RotationProgress#lastRef()} recorded before the
     * process stopped.
     */
    public RotationResult resumeAfter(SecretRef lastDone) {
        return walk(Objects.requireNonNull(lastDone, "lastDone"), new Counts());
    }

    /**
     * Asks the run in progress to stop after the batch it is working on; it then returns a {@link
     * RotationResult.Status#STOPPED} result. Has no effect on runs started afterwards.
     */
    public void stop() {
        stopRequested = true;
    }

    /** Whether a run is in progress. */
    public boolean isRunning() {
        return running.get();
    }

    /**
     * How many stored secrets each key id protects, by a full walk of the store: run it after rotation
     * to confirm nothing is left under a key before removing it.
     */
    public Map<String, Long> census() {
        Map<String, Long> counts = new TreeMap<>();
        SecretRef cursor = null;
        while (true) {
            List<StoredSecret> batch = store.scan(cursor, batchSize);
            for (StoredSecret s : batch) {
                counts.merge(s.sealed().keyId(), 1L, Long::sum);
                cursor = s.binding().ref();
            }
            if (batch.size() < batchSize) {
                return counts;
            }
        }
    }

    @Override
    public String toString() {
        return "KeyRotation[batchSize=" + batchSize + ", running=" + running.get() + "]";
    }

    private RotationResult walk(@Nullable SecretRef after, Counts counts) {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("This key rotation is already running");
        }
        stopRequested = false;
        try {
            long total = Math.max(store.count(), counts.examined);
            SecretCipher current = cipher.get();
            LOG.info(
                    "Key rotation {}: about {} secrets, re-encrypting those under older keys with primary key {}",
                    after == null ? "started" : "resumed after " + after,
                    total,
                    current.keyRing().primaryKeyId());
            SecretRef cursor = after;
            long startedAt = System.nanoTime();
            long examinedBefore = counts.examined;
            int lastLoggedTenth = -1;
            boolean stopped = false;
            while (true) {
                if (stopRequested) {
                    stopped = true;
                    break;
                }
                List<StoredSecret> batch = store.scan(cursor, batchSize);
                current = cipher.get();
                rotate(batch, current, counts);
                counts.examined += batch.size();
                if (!batch.isEmpty()) {
                    cursor = batch.get(batch.size() - 1).binding().ref();
                }
                total = Math.max(total, counts.examined);
                if (!batch.isEmpty()) {
                    RotationProgress progress = new RotationProgress(
                            counts.examined,
                            total,
                            counts.reencrypted,
                            current.keyRing().primaryKeyId(),
                            Optional.ofNullable(cursor),
                            counts.examined - examinedBefore,
                            Duration.ofNanos(System.nanoTime() - startedAt));
                    int tenth = progress.percent() / 10;
                    if (tenth != lastLoggedTenth) {
                        lastLoggedTenth = tenth;
                        LOG.info(
                                "Key rotation: {}/{} secrets examined ({}%), {} re-encrypted, {} secrets/s, about {}"
                                        + " left",
                                counts.examined,
                                total,
                                progress.percent(),
                                counts.reencrypted,
                                Math.round(progress.ratePerSecond()),
                                progress.eta().map(Duration::toString).orElse("?"));
                    } else {
                        LOG.debug("Key rotation: {}/{} secrets examined", counts.examined, total);
                    }
                    onProgress.accept(progress);
                }
                if (batch.size() < batchSize) {
                    break;
                }
            }
            RotationResult result = new RotationResult(
                    stopped ? RotationResult.Status.STOPPED : RotationResult.Status.COMPLETED,
                    counts.examined,
                    counts.reencrypted,
                    counts.changed,
                    counts.failed,
                    current.keyRing().primaryKeyId(),
                    Optional.ofNullable(cursor));
            if (stopped) {
                LOG.info(
                        "Key rotation stopped after {} secrets ({} re-encrypted); resume after {}",
                        counts.examined,
                        counts.reencrypted,
                        cursor);
            } else if (counts.failed > 0) {
                LOG.warn(
                        "Key rotation finished: {} secrets examined, {} re-encrypted under {}, {} changed"
                                + " concurrently, {} could not be opened and stay under their old key (see the"
                                + " warnings above); do not remove old keys yet",
                        counts.examined,
                        counts.reencrypted,
                        result.primaryKeyId(),
                        counts.changed,
                        counts.failed);
            } else {
                LOG.info(
                        "Key rotation finished: {} secrets examined, {} re-encrypted under {}, {} changed"
                                + " concurrently",
                        counts.examined,
                        counts.reencrypted,
                        result.primaryKeyId(),
                        counts.changed);
            }
            return result;
        } finally {
            running.set(false);
        }
    }

    /**
     * Re-encrypts the batch's secrets that are under an older key in memory, then writes them back with one
     * {@link SecretStore#replaceAll}: compare-and-set on each stored ciphertext, so a key replaced meanwhile
     * keeps its new value and counts as changed.
     */
    private void rotate(List<StoredSecret> batch, SecretCipher current, Counts counts) {
        List<SecretStore.Replacement> swaps = new ArrayList<>(batch.size());
        for (StoredSecret entry : batch) {
            if (current.isCurrent(entry.sealed())) {
                continue;
            }
            try {
                swaps.add(new SecretStore.Replacement(entry, current.reseal(entry.sealed(), entry.binding())));
            } catch (SecretIntegrityException e) {
                counts.failed++;
                LOG.warn(
                        "Key rotation left secret {} as it is: {}",
                        entry.binding().ref(),
                        e.getMessage());
            }
        }
        if (swaps.isEmpty()) {
            return;
        }
        for (boolean swapped : store.replaceAll(swaps)) {
            if (swapped) {
                counts.reencrypted++;
            } else {
                counts.changed++;
            }
        }
    }

    private static final class Counts {
        long examined;
        long reencrypted;
        long changed;
        long failed;
    }

    /** Configures a {@link KeyRotation}. */
    public static final class Builder {
        private final SecretStore store;
        private final Supplier<SecretCipher> cipher;
        private int batchSize = 500;
        private Consumer<RotationProgress> onProgress = p -> {};

        private Builder(SecretStore store, Supplier<SecretCipher> cipher) {
            this.store = Objects.requireNonNull(store, "store");
            this.cipher = Objects.requireNonNull(cipher, "cipher");
        }

        /** Secrets read per {@link SecretStore#scan} call (default 500). */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1");
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Called on the rotating thread after every batch; it may call {@link KeyRotation#stop()}. A slow
         * callback slows the rotation, which is a way to throttle it.
         */
        public Builder onProgress(Consumer<RotationProgress> onProgress) {
            this.onProgress = Objects.requireNonNull(onProgress, "onProgress");
            return this;
        }

        /** A rotation ready to {@link KeyRotation#run() run}. */
        public KeyRotation build() {
            return new KeyRotation(this);
        }
    }
}
