package dev.connections.inmemory;

import static dev.connections.inmemory.CacheTestSupport.OPENAI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.cache.InProcessChangeFeed;
import dev.connections.catalog.Integration;
import dev.connections.connection.Connection;
import dev.connections.connection.ResolvedConnection;
import dev.connections.error.StorageException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.spi.ConnectionRepository;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The trigger path stays up while storage fails: {@code resolveDefault} serves the last good entry for
 * {@code staleIfError} past its maximum staleness, and never after an invalidation.
 *
 * <p>The builder takes no ticker, so entries are made stale with a short maximum staleness (200 ms) and
 * the test polls with a bounded loop; nothing asserts on wall-clock timing.
 */
class StaleIfErrorTest {
    private static final WorkspaceId ACME = WorkspaceId.of("acme");
    private static final Duration MAX_STALENESS = Duration.ofMillis(200);

    @Test
    void servesTheLastGoodConnectionWhileTheRepositoryFailsUntilAChangeNotice() throws Exception {
        FailingRepository repository = new FailingRepository(new InMemoryConnectionRepository());
        InProcessChangeFeed hub = new InProcessChangeFeed();
        try (Connections connections = CacheTestSupport.over(repository, new InMemorySecretStore())
                .changeFeed(hub.endpoint())
                .cacheMaxStaleness(MAX_STALENESS)
                .staleIfError(Duration.ofMinutes(10))
                .build()) {
            connections.addConnection(ACME, OPENAI, "Main", Secret.of("openai-main-key"));
            assertThat(connections.resolveDefault(ACME, OPENAI).connection().name())
                    .isEqualTo("Main");

            repository.failing = true;
            // Past the maximum staleness every resolve reloads, fails, and is answered with the last good entry.
            awaitTrue(() -> {
                ResolvedConnection served = connections.resolveDefault(ACME, OPENAI);
                assertThat(served.connection().name()).isEqualTo("Main");
                assertThat(served.withKey(Secret::reveal)).isEqualTo("openai-main-key");
                return connections.maintenance().cacheStats().staleServed() > 0;
            });

            // A change notice (here: "everything may have changed") drops the last good entry too.
            hub.publishEverythingChanged();
            assertThatThrownBy(() -> connections.resolveDefault(ACME, OPENAI))
                    .isInstanceOf(StorageException.class)
                    .hasMessage("database down");

            repository.failing = false;
            assertThat(connections.resolveDefault(ACME, OPENAI).connection().name())
                    .isEqualTo("Main");
        }
    }

    @Test
    void staleIfErrorZeroLetsTheStorageFailureThrough() throws Exception {
        FailingRepository repository = new FailingRepository(new InMemoryConnectionRepository());
        try (Connections connections = CacheTestSupport.over(repository, new InMemorySecretStore())
                .cacheMaxStaleness(MAX_STALENESS)
                .staleIfError(Duration.ZERO)
                .build()) {
            connections.addConnection(ACME, OPENAI, "Main", Secret.of("openai-main-key"));
            connections.resolveDefault(ACME, OPENAI);
            repository.failing = true;
            awaitTrue(() -> {
                try {
                    connections.resolveDefault(ACME, OPENAI);
                    return false;
                } catch (StorageException expected) {
                    return true;
                }
            });
            assertThat(connections.maintenance().cacheStats().staleServed()).isZero();
        }
    }

    @Test
    void aNegativeStaleIfErrorIsRefused() {
        assertThatThrownBy(() -> ConnectionsBuilder.newBuilder().staleIfError(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("staleIfError cannot be negative");
        assertThatThrownBy(() -> ConnectionsBuilder.newBuilder().staleIfError(null))
                .isInstanceOf(NullPointerException.class);
    }

    private static void awaitTrue(BooleanSupplier condition) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(condition::getAsBoolean);
    }

    /** The in-memory repository, made to throw {@link StorageException} from every call while {@code failing}. */
    private static final class FailingRepository implements ConnectionRepository {
        private final ConnectionRepository delegate;
        volatile boolean failing;

        FailingRepository(ConnectionRepository delegate) {
            this.delegate = delegate;
        }

        private void check() {
            if (failing) {
                throw new StorageException("database down");
            }
        }

        @Override
        public Optional<Connection> find(WorkspaceId workspace, ConnectionId id) {
            check();
            return delegate.find(workspace, id);
        }

        @Override
        public List<Connection> list(WorkspaceId workspace, IntegrationId integration) {
            check();
            return delegate.list(workspace, integration);
        }

        @Override
        public Optional<Connection> findDefault(WorkspaceId workspace, IntegrationId integration) {
            check();
            return delegate.findDefault(workspace, integration);
        }

        @Override
        public Map<IntegrationId, Integer> countByIntegration(WorkspaceId workspace) {
            check();
            return delegate.countByIntegration(workspace);
        }

        @Override
        public <T> T modify(WorkspaceId workspace, IntegrationId integration, AppWork<T> work) {
            check();
            return delegate.modify(workspace, integration, work);
        }

        @Override
        public Optional<Integration> findCustomApp(WorkspaceId workspace, IntegrationId id) {
            check();
            return delegate.findCustomApp(workspace, id);
        }

        @Override
        public List<Integration> customApps(WorkspaceId workspace) {
            check();
            return delegate.customApps(workspace);
        }

        @Override
        public boolean addCustomApp(WorkspaceId workspace, Integration app) {
            check();
            return delegate.addCustomApp(workspace, app);
        }
    }
}
