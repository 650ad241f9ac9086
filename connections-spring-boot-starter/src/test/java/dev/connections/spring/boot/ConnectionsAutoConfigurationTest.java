package dev.connections.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.Connections;
import dev.connections.cache.ResolutionStats;
import dev.connections.catalog.bundled.IntegrationCatalogs;
import dev.connections.crypto.InMemoryKeyUsageCounter;
import dev.connections.crypto.KeyRing;
import dev.connections.crypto.KeyUsageCounter;
import dev.connections.error.ConnectionValidationException;
import dev.connections.error.NoConnectionException;
import dev.connections.event.ConnectionEvent;
import dev.connections.event.ConnectionListener;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.inmemory.InMemoryConnectionRepository;
import dev.connections.inmemory.InMemorySecretStore;
import dev.connections.jdbc.JdbcConnectionRepository;
import dev.connections.jdbc.JdbcConnections;
import dev.connections.jdbc.JdbcDialect;
import dev.connections.jdbc.JdbcKeyUsageCounter;
import dev.connections.jdbc.JdbcSecretStore;
import dev.connections.jdbc.feed.PollingChangeFeed;
import dev.connections.secret.Secret;
import dev.connections.spi.ChangeFeed;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.ConnectionStatusStore;
import dev.connections.spi.IntegrationCatalog;
import dev.connections.spi.KeyProvider;
import dev.connections.spi.SecretStore;
import dev.connections.verify.CredentialVerifier;
import dev.connections.verify.Verification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Each condition of {@link ConnectionsAutoConfiguration}, and every {@code connections.*} property, bound and applied. */
@ExtendWith(OutputCaptureExtension.class)
class ConnectionsAutoConfigurationTest {
    static final IntegrationId OPENAI = IntegrationId.of("openai");
    static final String API_KEY = "sk-starter-test-key-0123456789";

    private final WorkspaceId ws = WorkspaceId.of("ws-" + UUID.randomUUID());

    /** A key ring in the text form, generated per test class; never a fixed key in the source. */
    static final String KEYS = TestKeys.text("k1");

    private final ApplicationContextRunner base =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ConnectionsAutoConfiguration.class));

    private final ApplicationContextRunner withH2 = base.withConfiguration(
                    AutoConfigurations.of(DataSourceAutoConfiguration.class))
            .withPropertyValues(
                    "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                    "connections.keys.text=" + KEYS);

    @Test
    void withDataSourceTheJdbcAdapterIsUsedOnAMigratedEmbeddedSchema() {
        withH2.run(context -> {
            assertThat(context).hasNotFailed();
            JdbcConnections jdbc = context.getBean(JdbcConnections.class);
            assertThat(jdbc.dialect()).isEqualTo(JdbcDialect.H2);
            assertThat(jdbc.tables().prefix()).isEqualTo("connections_");
            assertThat(jdbc.schema().currentVersion()).isEqualTo(jdbc.schema().latestVersion());
            assertThat(context.getBean(ConnectionRepository.class)).isInstanceOf(JdbcConnectionRepository.class);
            assertThat(context.getBean(SecretStore.class)).isInstanceOf(JdbcSecretStore.class);
            assertThat(context.getBean(KeyUsageCounter.class)).isInstanceOf(JdbcKeyUsageCounter.class);
            assertThat(context.getBean(ChangeFeed.class)).isInstanceOf(PollingChangeFeed.class);

            assertAddsAndResolves(context.getBean(Connections.class));
        });
    }

    @Test
    void theJdbcTimeoutsAreSettings() {
        withH2.withPropertyValues(
                        "connections.jdbc.statement-timeout=3s",
                        "connections.jdbc.lock-timeout=1s",
                        "connections.jdbc.trigger-timeout=150ms",
                        "connections.jdbc.max-retry-time=4s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ConnectionsProperties.Jdbc jdbc =
                            context.getBean(ConnectionsProperties.class).getJdbc();
                    assertThat(jdbc.getStatementTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(jdbc.getLockTimeout()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(jdbc.getTriggerTimeout()).isEqualTo(Duration.ofMillis(150));
                    assertThat(jdbc.getMaxRetryTime()).isEqualTo(Duration.ofSeconds(4));
                    // The adapter built with them serves the facade.
                    Connections connections = context.getBean(Connections.class);
                    assertThat(connections.connectedApps(WorkspaceId.of("ws-timeouts")))
                            .isEmpty();
                });
        withH2.withPropertyValues("connections.jdbc.lock-timeout=-1s")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void withoutDataSourceConnectionsLiveInMemoryWithAWarning(CapturedOutput output) {
        base.withPropertyValues("connections.keys.text=" + KEYS).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ConnectionRepository.class)).isInstanceOf(InMemoryConnectionRepository.class);
            assertThat(context.getBean(SecretStore.class)).isInstanceOf(InMemorySecretStore.class);
            assertThat(context).doesNotHaveBean(JdbcConnections.class).doesNotHaveBean(ChangeFeed.class);
            assertAddsAndResolves(context.getBean(Connections.class));
        });
        assertThat(output).contains("WARN").contains("No DataSource: connections are kept in memory");
    }

    @Test
    void missingKeysFailStartupSayingWhatToSet() {
        base.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(MissingKeysException.class)
                    .hasMessageContaining("connections.keys.text")
                    .hasMessageContaining("connections.keys.file")
                    .hasMessageContaining("KeyProvider bean")
                    .hasMessageContaining("connections.keys.development=true");
            FailureAnalysis analysis = new MissingKeysFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("encryption keys");
            assertThat(analysis.getAction())
                    .contains("CONNECTIONS_KEYS ")
                    .doesNotContain("CONNECTIONS_KEYS_TEXT")
                    .contains("connections.keys.text")
                    .contains("KeyProvider bean");
        });
    }

    @Test
    void theFailureAnalyzerIsRegistered() throws Exception {
        // Only the names: Spring Boot's own analyzers need constructor arguments this test cannot give.
        Properties factories = new Properties();
        try (var in = MissingKeysFailureAnalyzer.class.getResourceAsStream("/META-INF/spring.factories")) {
            factories.load(in);
        }
        assertThat(factories.getProperty(FailureAnalyzer.class.getName()))
                .contains(MissingKeysFailureAnalyzer.class.getName())
                .contains(AmbiguousDataSourceFailureAnalyzer.class.getName());
    }

    @Test
    void keysFromTheConnectionsKeysVariableWhenNoPropertyIsSet() {
        base.withPropertyValues("CONNECTIONS_KEYS=" + KEYS).run(context -> {
            assertThat(context).hasNotFailed();
            assertAddsAndResolves(context.getBean(Connections.class));
        });
    }

    @Test
    void withoutDataSourceTheOneKeyUsageCounterIsInMemory() {
        base.withPropertyValues("connections.keys.text=" + KEYS)
                .run(context ->
                        assertThat(context.getBean(KeyUsageCounter.class)).isInstanceOf(InMemoryKeyUsageCounter.class));
    }

    @Test
    void developmentKeysOnlyWhenAskedFor(@TempDir Path dir, CapturedOutput output) {
        Path file = dir.resolve("dev-keys.txt");
        base.withPropertyValues("connections.keys.development=true", "connections.keys.development-file=" + file)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertAddsAndResolves(context.getBean(Connections.class));
                });
        assertThat(file).exists();
        assertThat(output).contains("DEVELOPMENT ENCRYPTION KEY").contains("Do not use this in production");
    }

    @Test
    void keysFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.txt");
        Files.writeString(file, TestKeys.text("filekey"));
        base.withPropertyValues("connections.keys.file=" + file).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(KeyProvider.class).keyRing().primaryKeyId())
                    .isEqualTo("filekey");
        });
    }

    @Test
    void keyTextIsParsedWithItsPrimary() {
        base.withPropertyValues("connections.keys.text=" + TestKeys.text("k7")).run(context -> assertThat(
                        context.getBean(KeyProvider.class).keyRing().primaryKeyId())
                .isEqualTo("k7"));
    }

    @Test
    void hostBeansWin() {
        withH2.withUserConfiguration(HostBeans.class).run(context -> {
            assertThat(context).hasNotFailed();
            HostBeans host = context.getBean(HostBeans.class);
            assertThat(context.getBean(ConnectionRepository.class)).isSameAs(host.repository);
            assertThat(context.getBean(SecretStore.class)).isSameAs(host.secretStore);
            assertThat(context.getBean(IntegrationCatalog.class)).isSameAs(host.catalog);
            assertThat(context.getBean(KeyProvider.class)).isSameAs(host.keyProvider);
            assertThat(context.getBean(ChangeFeed.class)).isSameAs(host.changeFeed);

            Connections connections = context.getBean(Connections.class);
            connections.addConnection(ws, OPENAI, "Main", Secret.of(API_KEY));
            assertThat(host.repository.list(ws, OPENAI)).hasSize(1);
            assertThat(host.events).hasSize(1);
            assertThat(host.changeFeed.published).isEqualTo(1);
            assertThat(host.keyRing.keyIds())
                    .contains(host.keyProvider.keyRing().primaryKeyId());
        });
    }

    @Test
    void statusesLiveInTheDatabaseAndKeysAreCheckedBeforeSavingWhenAsked() {
        List<String> checked = new ArrayList<>();
        CredentialVerifier rejecting = resolved -> {
            checked.add(resolved.connection().name());
            return new Verification(Verification.Status.INVALID, "HTTP 401", 401, java.time.Instant.now());
        };
        withH2.withPropertyValues("connections.verify-before-save=save-when-unreachable")
                .withBean(CredentialVerifier.class, () -> rejecting)
                .run(context -> {
                    assertThat(context.getBean(ConnectionStatusStore.class))
                            .isSameAs(context.getBean(JdbcConnections.class).statusStore());
                    Connections connections = context.getBean(Connections.class);
                    assertThatThrownBy(() -> connections.addConnection(ws, OPENAI, "Main", Secret.of(API_KEY)))
                            .isInstanceOf(ConnectionValidationException.class);
                    assertThat(checked).containsExactly("Main");
                    assertThat(connections.connections(ws, OPENAI)).isEmpty();
                });
    }

    @Test
    void tablePrefixIsApplied() {
        withH2.withPropertyValues("connections.jdbc.table-prefix=st_prefix_").run(context -> {
            JdbcConnections jdbc = context.getBean(JdbcConnections.class);
            assertThat(jdbc.tables().prefix()).isEqualTo("st_prefix_");
            assertThat(jdbc.schema().currentVersion()).isEqualTo(jdbc.schema().latestVersion());
        });
    }

    @Test
    void initializeSchemaNeverLeavesTheTablesToTheHost() {
        withH2.withPropertyValues("connections.jdbc.initialize-schema=never").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(JdbcConnections.class).schema().currentVersion())
                    .isZero();
        });
    }

    @Test
    void initializeSchemaAlwaysMigrates() {
        withH2.withPropertyValues("connections.jdbc.initialize-schema=always").run(context -> assertThat(
                        context.getBean(JdbcConnections.class).schema().currentVersion())
                .isEqualTo(context.getBean(JdbcConnections.class).schema().latestVersion()));
    }

    @Test
    void changeFeedNoneSetsUpNoFeed() {
        withH2.withPropertyValues("connections.change-feed=none")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ChangeFeed.class));
    }

    @Test
    void changeFeedPollingOnH2() {
        withH2.withPropertyValues("connections.change-feed=polling")
                .run(context -> assertThat(context.getBean(ChangeFeed.class)).isInstanceOf(PollingChangeFeed.class));
    }

    @Test
    void changeFeedPostgresOnAnotherDatabaseFailsStartupSayingWhy() {
        withH2.withPropertyValues("connections.change-feed=postgres")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("connections.change-feed=postgres needs a PostgreSQL DataSource"));
    }

    @Test
    void changeFeedPollingWithoutDataSourceFailsStartupSayingWhy() {
        base.withPropertyValues("connections.keys.text=" + KEYS, "connections.change-feed=polling")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("connections.change-feed=polling needs a DataSource"));
    }

    @Test
    void everyPropertyIsBound() {
        base.withPropertyValues(
                        "connections.keys.text=" + KEYS,
                        "connections.keys.file=/run/secrets/keys",
                        "connections.keys.development=true",
                        "connections.keys.development-file=dev.txt",
                        "connections.jdbc.table-prefix=p_",
                        "connections.jdbc.initialize-schema=always",
                        "connections.cache.maximum-size=42",
                        "connections.cache.max-staleness=7s",
                        "connections.cache.negative-ttl=3s",
                        "connections.cache.stale-if-error=0s",
                        "connections.change-feed=none")
                .run(context -> {
                    ConnectionsProperties p = context.getBean(ConnectionsProperties.class);
                    assertThat(p.getKeys().getText()).isEqualTo(KEYS);
                    assertThat(p.getKeys().getFile()).isEqualTo("/run/secrets/keys");
                    assertThat(p.getKeys().isDevelopment()).isTrue();
                    assertThat(p.getKeys().getDevelopmentFile()).isEqualTo("dev.txt");
                    assertThat(p.getJdbc().getTablePrefix()).isEqualTo("p_");
                    assertThat(p.getJdbc().getInitializeSchema())
                            .isEqualTo(ConnectionsProperties.InitializeSchema.ALWAYS);
                    assertThat(p.getCache().getMaximumSize()).isEqualTo(42);
                    assertThat(p.getCache().getMaxStaleness()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(p.getCache().getNegativeTtl()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(p.getCache().getStaleIfError()).isEqualTo(Duration.ZERO);
                    assertThat(p.getChangeFeed()).isEqualTo(ConnectionsProperties.ChangeFeedMode.NONE);
                    assertThat(p.toString()).doesNotContain(KEYS);
                });
    }

    @Test
    void cacheMaximumSizeZeroTurnsCachingOff() {
        base.withPropertyValues("connections.keys.text=" + KEYS, "connections.cache.maximum-size=0")
                .run(context -> assertThat(
                                resolveTwice(context.getBean(Connections.class)).hitCount())
                        .isZero());
        base.withPropertyValues("connections.keys.text=" + KEYS).run(context -> assertThat(
                        resolveTwice(context.getBean(Connections.class)).hitCount())
                .isEqualTo(1));
    }

    @Test
    void negativeTtlDecidesHowLongNoConnectionIsRemembered() {
        base.withPropertyValues("connections.keys.text=" + KEYS, "connections.cache.negative-ttl=1h")
                .run(context -> assertThat(resolveMissingTwice(context.getBean(Connections.class), Duration.ZERO)
                                .hitCount())
                        .isEqualTo(1));
        base.withPropertyValues("connections.keys.text=" + KEYS, "connections.cache.negative-ttl=1ms")
                .run(context -> assertThat(
                                resolveMissingTwice(context.getBean(Connections.class), Duration.ofMillis(20))
                                        .hitCount())
                        .isZero());
    }

    @Test
    void maxStalenessDecidesWhenACachedAnswerIsReadAgain() {
        base.withPropertyValues("connections.keys.text=" + KEYS, "connections.cache.max-staleness=1ms")
                .run(context -> {
                    Connections connections = context.getBean(Connections.class);
                    connections.addConnection(ws, OPENAI, "Main", Secret.of(API_KEY));
                    connections.resolveDefault(ws, OPENAI);
                    Thread.sleep(20);
                    connections.resolveDefault(ws, OPENAI);
                    assertThat(connections.maintenance().cacheStats().hitCount())
                            .isZero();
                });
    }

    /** B3 then B8 through the wired facade: the key comes back as it went in. */
    private void assertAddsAndResolves(Connections connections) {
        connections.addConnection(ws, OPENAI, "Main", Secret.of(API_KEY));
        assertThat(connections.resolveDefault(ws, OPENAI).withKey(Secret::reveal))
                .isEqualTo(API_KEY);
    }

    private ResolutionStats resolveTwice(Connections connections) {
        connections.addConnection(ws, OPENAI, "Main", Secret.of(API_KEY));
        connections.resolveDefault(ws, OPENAI);
        connections.resolveDefault(ws, OPENAI);
        return connections.maintenance().cacheStats();
    }

    private ResolutionStats resolveMissingTwice(Connections connections, Duration pause) throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            try {
                connections.resolveDefault(ws, OPENAI);
            } catch (NoConnectionException expected) {
                // "no connection" is what is cached here
            }
            Thread.sleep(pause.toMillis());
        }
        return connections.maintenance().cacheStats();
    }

    /** A host that brings its own storage, catalog, keys, feed and listener. */
    @Configuration(proxyBeanMethods = false)
    static class HostBeans {
        final InMemoryConnectionRepository repository = new InMemoryConnectionRepository();
        final InMemorySecretStore secretStore = new InMemorySecretStore();
        final IntegrationCatalog catalog =
                IntegrationCatalogs.filtered(IntegrationCatalogs.bundled(), i -> i.id().equals(OPENAI));
        final KeyRing keyRing = KeyRing.generateForDevelopment();
        final KeyProvider keyProvider = () -> keyRing;
        final CountingFeed changeFeed = new CountingFeed();
        final List<ConnectionEvent> events = new ArrayList<>();

        @Bean
        ConnectionRepository hostRepository() {
            return repository;
        }

        @Bean
        SecretStore hostSecretStore() {
            return secretStore;
        }

        @Bean
        IntegrationCatalog hostCatalog() {
            return catalog;
        }

        @Bean
        KeyProvider hostKeyProvider() {
            return keyProvider;
        }

        @Bean
        ChangeFeed hostChangeFeed() {
            return changeFeed;
        }

        @Bean
        ConnectionListener hostListener() {
            return events::add;
        }
    }

    /** Counts what the facade publishes. */
    static final class CountingFeed implements ChangeFeed {
        int published;

        @Override
        public void publish(WorkspaceId workspace, IntegrationId integration) {
            published++;
        }

        @Override
        public void subscribe(Subscriber subscriber) {}

        @Override
        public void close() {}
    }
}
