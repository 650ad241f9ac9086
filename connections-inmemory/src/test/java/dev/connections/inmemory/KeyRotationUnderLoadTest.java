package dev.connections.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.Connections;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.crypto.KeyRing;
import dev.connections.id.WorkspaceId;
import dev.connections.keys.KeyRotation;
import dev.connections.keys.RotationResult;
import dev.connections.secret.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

/**
 * Rotation over 10,000 secrets while one thread resolves and another replaces keys: afterwards every
 * secret is under the new primary, every resolve along the way returned its connection's key, and
 * nothing was lost.
 */
class KeyRotationUnderLoadTest {
    private static final int WORKSPACES = 100;
    private static final int PER_WORKSPACE = 100;
    private static final int SECRETS = WORKSPACES * PER_WORKSPACE;
    /** Operations each batch boundary waits for, so reads and writes really interleave with the walk. */
    private static final int OPS_PER_BATCH = 40;

    private final InMemorySecretStore store = new InMemorySecretStore();
    private final AtomicReference<KeyRing> keys = new AtomicReference<>(EncryptionTestSupport.ring("k1"));
    private final Connections connections = Connections.builder()
            .repository(new InMemoryConnectionRepository())
            .secretStore(store)
            .catalog(EncryptionTestSupport.catalog())
            .keyProvider(keys::get)
            .build();

    // Connection i: its id and the generation of its key ("key-<i>-<generation>"); only the editor writes.
    private final AtomicReferenceArray<Connection> conns = new AtomicReferenceArray<>(SECRETS);
    private final AtomicIntegerArray generation = new AtomicIntegerArray(SECRETS);
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong resolves = new AtomicLong();
    private final AtomicLong edits = new AtomicLong();

    @Test
    void rotationUnderConcurrentResolvesAndEditsLosesNothing() throws Exception {
        for (int i = 0; i < SECRETS; i++) {
            WorkspaceId ws = workspace(i);
            conns.set(i, connections.addConnection(ws, EncryptionTestSupport.ACME, "conn-" + i, Secret.of(key(i, 0))));
        }
        assertThat(store.count()).isEqualTo(SECRETS);

        keys.set(keys.get().withNewPrimary("k2", EncryptionTestSupport.key()));
        connections.reloadKeys();

        AtomicBoolean done = new AtomicBoolean();
        Thread resolver = new Thread(() -> resolveUntil(done), "resolver");
        Thread editor = new Thread(() -> editUntil(done), "editor");
        resolver.start();
        editor.start();
        List<Long> doneCounts = new ArrayList<>();
        RotationResult result;
        try {
            result = connections
                    .keyRotation()
                    .batchSize(250)
                    .onProgress(p -> {
                        doneCounts.add(p.done());
                        awaitOperations(OPS_PER_BATCH);
                    })
                    .build()
                    .run();
        } finally {
            done.set(true);
            resolver.join(TimeUnit.MINUTES.toMillis(1));
            editor.join(TimeUnit.MINUTES.toMillis(1));
        }

        assertThat(failures).isEmpty();
        assertThat(resolves.get()).isGreaterThan(0);
        assertThat(edits.get()).isGreaterThan(0);
        assertThat(doneCounts).isSorted().hasSizeGreaterThanOrEqualTo(SECRETS / 250);
        assertThat(result.status()).isEqualTo(RotationResult.Status.COMPLETED);
        assertThat(result.failed()).isZero();
        assertThat(result.reencrypted() + result.changedConcurrently()).isLessThanOrEqualTo(result.examined());

        KeyRotation census = connections.keyRotation().build();
        assertThat(census.census()).containsExactly(Map.entry("k2", (long) SECRETS));
        assertThat(store.count())
                .as("edits destroy the replaced secret, so the count is unchanged")
                .isEqualTo(SECRETS);

        // The old key can go: every connection still resolves to its latest key.
        keys.set(keys.get().without("k1"));
        connections.reloadKeys();
        for (int i = 0; i < SECRETS; i++) {
            Connection c = conns.get(i);
            String expected = key(i, generation.get(i));
            String actual = connections.resolve(c.workspace(), c.id()).withKey(Secret::reveal);
            assertThat(actual).as("connection %d", i).isEqualTo(expected);
            if (i % PER_WORKSPACE == 0) {
                assertThat(connections
                                .resolveDefault(c.workspace(), EncryptionTestSupport.ACME)
                                .withKey(Secret::reveal))
                        .isEqualTo(expected);
            }
        }
    }

    private void resolveUntil(AtomicBoolean done) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!done.get() && failures.size() < 10) {
            int i = pick(random);
            Connection c = conns.get(i);
            int before = generation.get(i);
            try {
                // The first connection of each workspace is its default: exercise the cached path too.
                String actual = i % PER_WORKSPACE == 0 && random.nextBoolean()
                        ? connections
                                .resolveDefault(c.workspace(), EncryptionTestSupport.ACME)
                                .withKey(Secret::reveal)
                        : connections.resolve(c.workspace(), c.id()).withKey(Secret::reveal);
                int after = generation.get(i);
                String prefix = "key-" + i + "-";
                if (!actual.startsWith(prefix)) {
                    failures.add("connection " + i + " resolved to another connection's key");
                } else {
                    int got = Integer.parseInt(actual.substring(prefix.length()));
                    // An edit may have committed but not yet been recorded: allow one generation ahead.
                    if (got < before || got > after + 1) {
                        failures.add("connection " + i + " resolved generation " + got + ", expected " + before + ".."
                                + (after + 1));
                    }
                }
            } catch (RuntimeException e) {
                failures.add("resolve " + i + ": " + e);
            }
            resolves.incrementAndGet();
        }
    }

    private void editUntil(AtomicBoolean done) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!done.get() && failures.size() < 10) {
            int i = pick(random);
            Connection c = conns.get(i);
            int next = generation.get(i) + 1;
            try {
                Connection edited = connections.editConnection(
                        c.workspace(), c.id(), ConnectionEdit.replaceKey(c.version(), Secret.of(key(i, next))));
                conns.set(i, edited);
                generation.set(i, next);
            } catch (RuntimeException e) {
                failures.add("edit " + i + ": " + e);
            }
            edits.incrementAndGet();
        }
    }

    /** Called on the rotating thread between batches: lets both workers make progress first. */
    private void awaitOperations(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long targetResolves = resolves.get() + n / 2;
        long targetEdits = edits.get() + n / 2;
        while ((resolves.get() < targetResolves || edits.get() < targetEdits) && failures.isEmpty()) {
            if (System.nanoTime() > deadline) {
                failures.add("workers made no progress during rotation");
                return;
            }
            Thread.onSpinWait();
        }
    }

    /** A third of the picks hit a default connection, so the cached resolveDefault path races with edits. */
    private static int pick(ThreadLocalRandom random) {
        return random.nextInt(3) == 0 ? random.nextInt(WORKSPACES) * PER_WORKSPACE : random.nextInt(SECRETS);
    }

    private static WorkspaceId workspace(int i) {
        return WorkspaceId.of("ws-" + (i / PER_WORKSPACE));
    }

    private static String key(int i, int generation) {
        return "key-" + i + "-" + generation;
    }
}
