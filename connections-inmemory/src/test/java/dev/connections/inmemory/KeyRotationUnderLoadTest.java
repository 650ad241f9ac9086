package dev.connections.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.connection.Connection;
import dev.connections.crypto.KeyRing;
import dev.connections.id.WorkspaceId;
import dev.connections.keys.KeyRotation;
import dev.connections.keys.RotationResult;
import dev.connections.secret.Secret;
import dev.connections.tck.RotationWorkload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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
    private final Connections connections = ConnectionsBuilder.newBuilder()
            .repository(new InMemoryConnectionRepository())
            .secretStore(store)
            .catalog(EncryptionTestSupport.catalog())
            .keyProvider(keys::get)
            .build();

    private final RotationWorkload load =
            new RotationWorkload(connections, EncryptionTestSupport.ACME, WORKSPACES, PER_WORKSPACE);

    @Test
    void rotationUnderConcurrentResolvesAndEditsLosesNothing() throws Exception {
        for (int i = 0; i < SECRETS; i++) {
            WorkspaceId ws = load.workspaceOf(i);
            load.added(
                    i,
                    connections.addConnection(
                            ws, EncryptionTestSupport.ACME, "conn-" + i, Secret.of(RotationWorkload.key(i, 0))));
        }
        assertThat(store.count()).isEqualTo(SECRETS);

        keys.set(keys.get().withNewPrimary("k2", EncryptionTestSupport.key()));
        connections.encryptionKeys().reload();

        AtomicBoolean done = new AtomicBoolean();
        Thread resolver = new Thread(() -> load.resolveUntil(done), "resolver");
        Thread editor = new Thread(() -> load.editUntil(done), "editor");
        resolver.start();
        editor.start();
        List<Long> doneCounts = new ArrayList<>();
        RotationResult result;
        try {
            result = connections
                    .encryptionKeys()
                    .rotation()
                    .batchSize(250)
                    .onProgress(p -> {
                        doneCounts.add(p.done());
                        load.awaitOperations(OPS_PER_BATCH);
                    })
                    .build()
                    .run();
        } finally {
            done.set(true);
            resolver.join(TimeUnit.MINUTES.toMillis(1));
            editor.join(TimeUnit.MINUTES.toMillis(1));
        }

        assertThat(load.failures()).isEmpty();
        assertThat(load.resolves()).isGreaterThan(0);
        assertThat(load.edits()).isGreaterThan(0);
        assertThat(doneCounts).isSorted().hasSizeGreaterThanOrEqualTo(SECRETS / 250);
        assertThat(result.status()).isEqualTo(RotationResult.Status.COMPLETED);
        assertThat(result.failed()).isZero();
        assertThat(result.reencrypted() + result.changedConcurrently()).isLessThanOrEqualTo(result.examined());

        KeyRotation census = connections.encryptionKeys().rotation().build();
        assertThat(census.census()).containsExactly(Map.entry("k2", (long) SECRETS));
        assertThat(store.count())
                .as("edits destroy the replaced secret, so the count is unchanged")
                .isEqualTo(SECRETS);

        // The old key can go: every connection still resolves to its latest key.
        keys.set(keys.get().without("k1"));
        connections.encryptionKeys().reload();
        for (int i = 0; i < SECRETS; i++) {
            Connection c = load.connection(i);
            String expected = load.newestKey(i);
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
}
