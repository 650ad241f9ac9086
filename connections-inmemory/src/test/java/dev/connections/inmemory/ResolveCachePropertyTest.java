package dev.connections.inmemory;

import static dev.connections.inmemory.CacheTestSupport.OPENAI;
import static dev.connections.inmemory.CacheTestSupport.SLACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.Connections;
import dev.connections.cache.InProcessChangeFeed;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.connection.ResolvedConnection;
import dev.connections.error.NoConnectionException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever sequence of writes and lookups runs, on one instance or across two sharing storage and an
 * in-process feed: {@code resolveDefault} answers with the current default of exactly the asked
 * workspace and app, with its current key, and never with a deleted connection.
 */
class ResolveCachePropertyTest {
    private static final List<WorkspaceId> WORKSPACES = List.of(WorkspaceId.of("acme"), WorkspaceId.of("globex"));
    private static final List<IntegrationId> APPS = List.of(OPENAI, SLACK);

    enum Kind {
        ADD,
        SET_DEFAULT,
        REPLACE_KEY,
        DELETE,
        RESOLVE
    }

    /** One step: which instance, what, where, and which of the app's connections it picks. */
    record Step(int instance, Kind kind, int workspace, int app, int pick) {
        @Override
        public String toString() {
            return kind + "@" + instance + "(" + WORKSPACES.get(workspace) + "," + APPS.get(app) + ",#" + pick + ")";
        }
    }

    private record Expected(WorkspaceId workspace, IntegrationId app, String key) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(
                        Arbitraries.integers().between(0, 1),
                        Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.ADD)),
                                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.SET_DEFAULT)),
                                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.REPLACE_KEY)),
                                net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.DELETE)),
                                net.jqwik.api.Tuple.of(6, Arbitraries.just(Kind.RESOLVE))),
                        Arbitraries.integers().between(0, WORKSPACES.size() - 1),
                        Arbitraries.integers().between(0, APPS.size() - 1),
                        Arbitraries.integers().between(0, 7))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 200)
    void oneInstanceNeverServesDeletedStaleOrForeignConnections(@ForAll("steps") List<Step> steps) {
        run(steps, false);
    }

    @Property(tries = 200)
    void twoInstancesOverAnInProcessFeedNeverServeDeletedStaleOrForeignConnections(@ForAll("steps") List<Step> steps) {
        run(steps, true);
    }

    private void run(List<Step> steps, boolean twoInstances) {
        InMemoryConnectionRepository repository = new InMemoryConnectionRepository();
        InMemorySecretStore secrets = new InMemorySecretStore();
        InProcessChangeFeed hub = new InProcessChangeFeed();
        List<Connections> instances = new ArrayList<>();
        if (twoInstances) {
            instances.add(CacheTestSupport.over(repository, secrets)
                    .changeFeed(hub.endpoint())
                    .build());
            instances.add(CacheTestSupport.over(repository, secrets)
                    .changeFeed(hub.endpoint())
                    .build());
        } else {
            // No feed: only the facade's own invalidation keeps this instance's cache right.
            Connections only = CacheTestSupport.over(repository, secrets).build();
            instances.add(only);
            instances.add(only);
        }
        Map<ConnectionId, Expected> live = new HashMap<>();
        Set<ConnectionId> deleted = new HashSet<>();
        int[] serial = {0};
        try {
            for (Step step : steps) {
                Connections on = instances.get(step.instance());
                WorkspaceId ws = WORKSPACES.get(step.workspace());
                IntegrationId app = APPS.get(step.app());
                // Warm both caches first, so every write has a cached entry it must not leave behind.
                resolveAndCheck(instances.get(0), ws, app, live, deleted);
                resolveAndCheck(instances.get(1), ws, app, live, deleted);
                List<Connection> current = on.connections(ws, app);
                Connection picked = current.isEmpty() ? null : current.get(step.pick() % current.size());
                switch (step.kind()) {
                    case ADD -> {
                        String key = newKey(serial);
                        Connection c = on.addConnection(ws, app, "Key " + serial[0], Secret.of(key));
                        live.put(c.id(), new Expected(ws, app, key));
                    }
                    case SET_DEFAULT -> {
                        if (picked != null) {
                            on.setDefault(ws, picked.id());
                        }
                    }
                    case REPLACE_KEY -> {
                        if (picked != null) {
                            String key = newKey(serial);
                            on.editConnection(
                                    ws, picked.id(), ConnectionEdit.replaceApiKey(picked.version(), Secret.of(key)));
                            live.put(picked.id(), new Expected(ws, app, key));
                        }
                    }
                    case DELETE -> {
                        if (picked != null) {
                            on.deleteConnection(ws, picked.id(), picked.version());
                            live.remove(picked.id());
                            deleted.add(picked.id());
                        }
                    }
                    case RESOLVE -> {
                        // Checked below for every instance, workspace and app.
                    }
                }
                for (Connections instance : new HashSet<>(instances)) {
                    for (WorkspaceId w : WORKSPACES) {
                        for (IntegrationId a : APPS) {
                            resolveAndCheck(instance, w, a, live, deleted);
                        }
                    }
                }
            }
        } finally {
            instances.forEach(Connections::close);
        }
    }

    private static void resolveAndCheck(
            Connections instance,
            WorkspaceId ws,
            IntegrationId app,
            Map<ConnectionId, Expected> live,
            Set<ConnectionId> deleted) {
        List<Connection> stored = instance.connections(ws, app);
        if (stored.isEmpty()) {
            assertThatThrownBy(() -> instance.resolveDefault(ws, app)).isInstanceOf(NoConnectionException.class);
            return;
        }
        ResolvedConnection resolved = instance.resolveDefault(ws, app);
        Connection c = resolved.connection();
        assertThat(deleted).as("a deleted connection was served").doesNotContain(c.id());
        assertThat(c.workspace())
                .as("another workspace's connection was served")
                .isEqualTo(ws);
        assertThat(live.get(c.id()))
                .as("connection %s is not one of %s/%s", c.id(), ws, app)
                .isNotNull();
        assertThat(live.get(c.id()).workspace()).isEqualTo(ws);
        assertThat(c.integration()).isEqualTo(app);
        Connection currentDefault = stored.get(0);
        assertThat(currentDefault.isDefault()).isTrue();
        assertThat(c.id())
                .as("served a connection that is no longer the default")
                .isEqualTo(currentDefault.id());
        String key = resolved.withKey(Secret::reveal);
        assertThat(key).as("served a replaced key").isEqualTo(live.get(c.id()).key());
    }

    private static String newKey(int[] serial) {
        serial[0]++;
        return "sk-test-" + String.format("%08d", serial[0]) + "-abcdefghijklmnop";
    }
}
