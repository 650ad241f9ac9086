package dev.connections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.connection.Connection;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SecretRef;
import dev.connections.spi.ConnectionStatusStore;
import dev.connections.spi.support.InMemoryConnectionStatusStore;
import dev.connections.verify.ConnectionStatus;
import dev.connections.verify.Verification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** "Last used": many resolves become at most one write per connection per minute, off the trigger thread. */
class UsageMarksTest {
    private static final WorkspaceId WS = WorkspaceId.of("ws-usage");
    private static final Instant T0 = Instant.parse("2026-11-29T09:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final RecordingStore store = new RecordingStore();

    @Test
    void tenThousandResolvesOfThreeConnectionsWriteThreeUsesPerMinute() {
        List<Connection> three = List.of(connection(), connection(), connection());
        try (UsageMarks marks = new UsageMarks(store, clock, Duration.ZERO)) {
            IntStream.range(0, 10_000).parallel().forEach(i -> marks.used(three.get(i % 3)));
            assertThat(store.writes)
                    .as("nothing written on the resolving threads")
                    .isEmpty();
            assertThat(marks.flush()).isEqualTo(3);

            now.set(T0.plusSeconds(59));
            IntStream.range(0, 10_000).forEach(i -> marks.used(three.get(i % 3)));
            assertThat(marks.flush()).as("within the minute: nothing new").isZero();

            now.set(T0.plusSeconds(61));
            IntStream.range(0, 10_000).forEach(i -> marks.used(three.get(i % 3)));
            assertThat(marks.flush()).isEqualTo(3);
        }
        assertThat(store.writes).hasSize(6);
        assertThat(store.batches).as("each flush writes one batch").hasSize(2);
        three.forEach(c -> assertThat(store.statuses(WS).get(c.id()).lastUsed()).contains(T0.plusSeconds(61)));
    }

    @Test
    void theBackgroundThreadWritesAndCloseWritesTheRest() throws InterruptedException {
        Connection c = connection();
        UsageMarks marks = new UsageMarks(store, clock, Duration.ofMillis(20));
        marks.used(c);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !store.writes.isEmpty());
        assertThat(store.threads).containsOnly("connections-last-used");

        now.set(T0.plusSeconds(120));
        Connection other = connection();
        marks.close();
        marks.used(other); // after close: noted, never written, never thrown
        assertThat(store.statuses(WS)).containsKey(c.id());
    }

    @Test
    void aFailedBatchIsKeptForTheNextRound() {
        Connection c = connection();
        try (UsageMarks marks = new UsageMarks(store, clock, Duration.ZERO)) {
            marks.used(c);
            store.failing = true;
            assertThat(marks.flush()).isZero();
            store.failing = false;
            assertThat(marks.flush()).isEqualTo(1);
        }
        assertThat(store.statuses(WS).get(c.id()).lastUsed()).contains(T0);
    }

    private static Connection connection() {
        return new Connection(
                ConnectionId.random(),
                WS,
                IntegrationId.of("openai"),
                "Main " + ConnectionId.random(),
                true,
                SecretRef.random(T0),
                "abcd",
                Map.of(),
                T0,
                T0,
                1);
    }

    /** The in-memory store, recording each batch and the thread that wrote it; can be made to fail. */
    private static final class RecordingStore implements ConnectionStatusStore {
        final InMemoryConnectionStatusStore delegate = new InMemoryConnectionStatusStore();
        final List<Use> writes = new CopyOnWriteArrayList<>();
        final List<Integer> batches = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        @Override
        public void recordUses(Collection<Use> uses) {
            if (failing) {
                throw new IllegalStateException("storage down");
            }
            threads.add(Thread.currentThread().getName());
            writes.addAll(new ArrayList<>(uses));
            batches.add(uses.size());
            delegate.recordUses(uses);
        }

        @Override
        public void recordVerification(WorkspaceId workspace, ConnectionId connection, Verification verification) {
            delegate.recordVerification(workspace, connection, verification);
        }

        @Override
        public void clearVerification(WorkspaceId workspace, ConnectionId connection) {
            delegate.clearVerification(workspace, connection);
        }

        @Override
        public Map<ConnectionId, ConnectionStatus> statuses(WorkspaceId workspace) {
            return delegate.statuses(workspace);
        }

        @Override
        public void forget(WorkspaceId workspace, ConnectionId connection) {
            delegate.forget(workspace, connection);
        }
    }
}
