package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.crypto.KeyRing;
import dev.connections.error.StorageException;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.tck.fault.Fault;
import dev.connections.tck.fault.FaultInjectingDataSource;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The trigger path's timeout on H2, with statements stalled by the kit's {@link FaultInjectingDataSource}: a
 * read of a key never seen fails once the timeout has passed, and an expired entry is answered from
 * stale-if-error; the settings refuse negative durations.
 */
class TriggerTimeoutTest {
    private static final KeyRing KEYS =
            KeyRing.builder().primary("trigger", new byte[32]).build();
    private static final Duration STALL = Duration.ofSeconds(3);

    private @Nullable JdbcConnections jdbc;

    @AfterEach
    void drop() {
        TestDatabase.H2.drop(jdbc);
    }

    private Connections facade(FaultInjectingDataSource faulty, Duration triggerTimeout) {
        String prefix = TestDatabase.randomPrefix();
        JdbcConnections.builder(TestDatabase.H2.dataSource())
                .tablePrefix(prefix)
                .build()
                .schema()
                .migrate();
        jdbc = JdbcConnections.builder(faulty)
                .tablePrefix(prefix)
                .triggerTimeout(triggerTimeout)
                .statementTimeout(Duration.ofSeconds(1))
                .build();
        return ConnectionsBuilder.newBuilder()
                .repository(jdbc.repository())
                .secretStore(jdbc.secretStore())
                .keyRing(KEYS)
                .catalog(new TestCatalog())
                .cacheMaxStaleness(Duration.ofMillis(300))
                .build();
    }

    @Test
    void aSlowFirstReadOfAHealthyDatabaseIsWaitedFor() {
        FaultInjectingDataSource faulty = new FaultInjectingDataSource(TestDatabase.H2.dataSource());
        WorkspaceId ws = WorkspaceId.of("trigger-slow");
        try (Connections facade = facade(faulty, Duration.ofMillis(200))) {
            facade.addConnection(ws, TestCatalog.ONE, "one", Secret.of("trigger-key-0"));
            faulty.arm(Fault.stallStatement(1, Duration.ofMillis(500)));
            assertThat(facade.resolveDefault(ws, TestCatalog.ONE).withKey(Secret::reveal))
                    .isEqualTo("trigger-key-0");
            assertThat(faulty.fired()).isTrue();
        }
    }

    @Test
    void aStalledReadFailsAfterTheStatementTimeoutThenReadsFailAfterTheTriggerTimeout() {
        FaultInjectingDataSource faulty = new FaultInjectingDataSource(TestDatabase.H2.dataSource());
        WorkspaceId ws = WorkspaceId.of("trigger-cold");
        try (Connections facade = facade(faulty, Duration.ofMillis(200))) {
            facade.addConnection(ws, TestCatalog.ONE, "one", Secret.of("trigger-key-1"));
            facade.addConnection(ws, TestCatalog.TWO, "two", Secret.of("trigger-key-1b"));
            faulty.armFor(Fault.stallStatement(1, STALL), Duration.ofMinutes(1));
            // Nothing has failed yet: the first read is given the statement timeout, as a slow database would be.
            assertThatThrownBy(() -> facade.resolveDefault(ws, TestCatalog.ONE))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("did not answer within 1000 ms");
            // Now the database is suspect: the next caller waits only the trigger timeout.
            assertThatThrownBy(() -> facade.resolveDefault(ws, TestCatalog.TWO))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("did not answer within 200 ms");
            faulty.disarm();
        }
    }

    @Test
    void anExpiredEntryIsServedStaleWhileReadsStall() {
        FaultInjectingDataSource faulty = new FaultInjectingDataSource(TestDatabase.H2.dataSource());
        WorkspaceId ws = WorkspaceId.of("trigger-stale");
        try (Connections facade = facade(faulty, Duration.ofMillis(200))) {
            facade.addConnection(ws, TestCatalog.ONE, "one", Secret.of("trigger-key-2"));
            assertThat(facade.resolveDefault(ws, TestCatalog.ONE).withKey(Secret::reveal))
                    .isEqualTo("trigger-key-2");
            faulty.armFor(Fault.stallStatement(1, STALL), Duration.ofMinutes(1));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                assertThat(facade.resolveDefault(ws, TestCatalog.ONE).withKey(Secret::reveal))
                        .isEqualTo("trigger-key-2");
                return facade.maintenance().cacheStats().staleServed() > 0;
            });
            faulty.disarm();
        }
    }

    @Test
    void withoutATriggerTimeoutTheCallerWaitsForTheStalledRead() {
        FaultInjectingDataSource faulty = new FaultInjectingDataSource(TestDatabase.H2.dataSource());
        WorkspaceId ws = WorkspaceId.of("trigger-off");
        try (Connections facade = facade(faulty, Duration.ZERO)) {
            facade.addConnection(ws, TestCatalog.ONE, "one", Secret.of("trigger-key-3"));
            faulty.arm(Fault.stallStatement(1, Duration.ofMillis(300)));
            assertThat(facade.resolveDefault(ws, TestCatalog.ONE).withKey(Secret::reveal))
                    .isEqualTo("trigger-key-3");
            assertThat(faulty.fired()).isTrue();
        }
    }

    @Test
    void refusesNegativeTimeouts() {
        JdbcConnections.Builder builder = JdbcConnections.builder(TestDatabase.H2.dataSource());
        assertThatThrownBy(() -> builder.statementTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.lockTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.triggerTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(JdbcTimeouts.wholeSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(JdbcTimeouts.wholeSeconds(Duration.ofMillis(2001))).isEqualTo(3);
    }
}
