package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connections.error.OutcomeUnknownException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.SecretRef;
import dev.connections.spi.AuthorizationState;
import dev.connections.spi.ConnectionRepository;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * Authorization states on the JDBC adapter beyond the TCK contract: two host instances (each with its own pool)
 * racing callbacks for one state, and the connection lost at every statement of a save and a take and at their
 * COMMIT. A state is never handed out twice; a save or take either succeeds, or ends in {@link
 * OutcomeUnknownException} when the database may have applied it.
 */
@AcrossDatabases
class JdbcAuthorizationStateTest implements AcrossDatabases.OnDatabase {
    private static final SecureRandom RANDOM = new SecureRandom();

    private JdbcConnections healthy;
    private FaultyDataSource faulty;
    private ConnectionRepository faultyRepository;

    @Parameter(0)
    TestDatabase database;

    @Override
    public TestDatabase database() {
        return database;
    }

    @BeforeEach
    void setUp() {
        healthy = database().fresh();
        faulty = new FaultyDataSource(database().dataSource(), database::killSession);
        faultyRepository = JdbcConnections.builder(faulty)
                .tablePrefix(healthy.tables().prefix())
                .build()
                .repository();
    }

    @AfterEach
    void tearDown() {
        database().drop(healthy);
    }

    private static AuthorizationState state() {
        byte[] hash = new byte[32];
        RANDOM.nextBytes(hash);
        byte[] verifier = new byte[43 + 28];
        RANDOM.nextBytes(verifier);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new AuthorizationState(
                Base64.getUrlEncoder().withoutPadding().encodeToString(hash),
                WorkspaceId.of("ws-states"),
                IntegrationId.of("slack"),
                "user-1",
                ConnectionId.random(),
                false,
                "Slack",
                URI.create("https://app.example.com/oauth/callback"),
                SecretRef.random(),
                new SealedSecret(1, "dev-key", verifier),
                now,
                now.plus(Duration.ofMinutes(10)));
    }

    @Test
    @DisplayName("two instances, 8 callbacks each, racing for one state: exactly one gets it, in each of 10 rounds")
    void instancesRaceForOneState() throws Exception {
        try (HikariDataSource poolA = pool("a");
                HikariDataSource poolB = pool("b")) {
            List<ConnectionRepository> instances = List.of(
                    JdbcConnections.builder(poolA)
                            .tablePrefix(healthy.tables().prefix())
                            .build()
                            .repository(),
                    JdbcConnections.builder(poolB)
                            .tablePrefix(healthy.tables().prefix())
                            .build()
                            .repository());
            int threads = 16;
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            try {
                for (int round = 0; round < 10; round++) {
                    AuthorizationState state = state();
                    instances.get(round % 2).saveAuthorizationState(state);
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<Optional<AuthorizationState>>> takes = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        ConnectionRepository instance = instances.get(t % 2);
                        takes.add(executor.submit(() -> {
                            go.await();
                            return instance.takeAuthorizationState(state.stateHash());
                        }));
                    }
                    go.countDown();
                    List<AuthorizationState> won = new ArrayList<>();
                    for (Future<Optional<AuthorizationState>> take : takes) {
                        take.get(60, TimeUnit.SECONDS).ifPresent(won::add);
                    }
                    assertThat(won).as("round %d", round).containsExactly(state);
                }
            } finally {
                executor.shutdownNow();
            }
        }
    }

    @Test
    @DisplayName("the connection lost after any statement of a take: the state is handed out once at most, and"
            + " is still there whenever the take did not get it and did not fail with an unknown outcome")
    void takeWithTheConnectionLostAfterEveryStatement() {
        AuthorizationState probe = state();
        healthy.repository().saveAuthorizationState(probe);
        faulty.arm(Integer.MAX_VALUE);
        assertThat(faultyRepository.takeAuthorizationState(probe.stateHash())).contains(probe);
        int statements = faulty.executed();
        faulty.disarm();
        assertThat(statements).isGreaterThanOrEqualTo(1);

        for (int k = 1; k <= statements; k++) {
            AuthorizationState state = state();
            healthy.repository().saveAuthorizationState(state);
            faulty.arm(k);
            List<Optional<AuthorizationState>> taken = new ArrayList<>();
            Throwable thrown =
                    catchThrowable(() -> taken.add(faultyRepository.takeAuthorizationState(state.stateHash())));
            faulty.disarm();
            Optional<AuthorizationState> left = healthy.repository().takeAuthorizationState(state.stateHash());
            if (thrown == null) {
                // Lost before its last statement: run again on a fresh connection, and it got the state.
                assertThat(taken)
                        .as("lost after statement %d of %d", k, statements)
                        .containsExactly(Optional.of(state));
                assertThat(left).as("taken once only").isEmpty();
            } else {
                // Lost once every statement had run: COMMIT could not be confirmed, so the take is not run again.
                assertThat(thrown)
                        .as("lost after statement %d of %d", k, statements)
                        .isInstanceOf(OutcomeUnknownException.class);
                assertThat(k).isEqualTo(statements);
                assertThat(left).as("rolled back: still there").contains(state);
            }
        }
    }

    @Test
    @DisplayName("a take whose COMMIT answer is lost is not run again: unknown outcome, and the state is gone")
    void takeWithTheCommitAnswerLost() {
        AuthorizationState state = state();
        healthy.repository().saveAuthorizationState(state);

        faulty.loseNextCommitAnswer();
        Throwable thrown = catchThrowable(() -> faultyRepository.takeAuthorizationState(state.stateHash()));
        faulty.disarm();

        assertThat(thrown).isInstanceOf(OutcomeUnknownException.class);
        assertThat(thrown.getMessage()).doesNotContain(state.stateHash());
        assertThat(healthy.repository().takeAuthorizationState(state.stateHash()))
                .isEmpty();
    }

    @Test
    @DisplayName("the connection lost after the save's statement or at its COMMIT: a save that returns is kept, once")
    void saveWithTheConnectionLost() {
        AuthorizationState retried = state();
        faulty.arm(1);
        Throwable thrown = catchThrowable(() -> faultyRepository.saveAuthorizationState(retried));
        faulty.disarm();
        Optional<AuthorizationState> kept = healthy.repository().takeAuthorizationState(retried.stateHash());
        if (thrown == null) {
            assertThat(kept).contains(retried);
        } else {
            assertThat(thrown).isInstanceOf(OutcomeUnknownException.class);
            assertThat(kept).as("rolled back").isEmpty();
        }

        AuthorizationState landed = state();
        faulty.loseNextCommitAnswer();
        thrown = catchThrowable(() -> faultyRepository.saveAuthorizationState(landed));
        faulty.disarm();
        assertThat(thrown).isInstanceOf(OutcomeUnknownException.class);
        assertThat(healthy.repository().takeAuthorizationState(landed.stateHash()))
                .as("COMMIT reached the database")
                .contains(landed);
    }

    @Test
    @DisplayName("a purge whose COMMIT answer is lost is retried: it returns, and the expired states are gone")
    void purgeWithTheCommitAnswerLost() {
        AuthorizationState expired = state();
        AuthorizationState old = new AuthorizationState(
                expired.stateHash(),
                expired.workspace(),
                expired.integration(),
                expired.actor(),
                expired.connection(),
                expired.reconnect(),
                expired.name(),
                expired.redirectUri(),
                expired.verifierRef(),
                expired.sealedVerifier(),
                expired.createdAt().minus(Duration.ofHours(2)),
                expired.createdAt().minus(Duration.ofHours(1)));
        AuthorizationState live = state();
        healthy.repository().saveAuthorizationState(old);
        healthy.repository().saveAuthorizationState(live);

        faulty.loseNextCommitAnswer();
        Throwable thrown = catchThrowable(() -> faultyRepository.purgeAuthorizationStates(Instant.now()));
        faulty.disarm();

        assertThat(thrown).isNull();
        assertThat(healthy.repository().takeAuthorizationState(old.stateHash())).isEmpty();
        assertThat(healthy.repository().takeAuthorizationState(live.stateHash()))
                .contains(live);
    }

    private HikariDataSource pool(String instance) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database().url());
        config.setMaximumPoolSize(8);
        config.setPoolName("states-" + instance + "-" + database().name().toLowerCase(Locale.ROOT));
        return new HikariDataSource(config);
    }
}
