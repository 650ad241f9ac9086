package dev.connections.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.id.ConnectionId;
import dev.connections.id.WorkspaceId;
import dev.connections.spi.ConnectionStatusStore;
import dev.connections.spi.ConnectionStatusStore.Use;
import dev.connections.verify.ConnectionStatus;
import dev.connections.verify.Verification;
import dev.connections.verify.Verification.Status;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The {@link ConnectionStatusStore} SPI contract: what a status store keeps, replaces, merges and forgets. */
public abstract class ConnectionStatusStoreContract {
    private static final Instant T0 = Instant.parse("2026-11-29T09:00:00Z");

    /** A store to test; called before every test. */
    protected abstract ConnectionStatusStore createStore();

    private ConnectionStatusStore store;
    private final WorkspaceId ws = TckData.newWorkspace();
    private final ConnectionId a = ConnectionId.random();
    private final ConnectionId b = ConnectionId.random();

    @BeforeEach
    void setUpStore() {
        store = createStore();
    }

    @Test
    @DisplayName("a workspace without statuses has none")
    void empty() {
        assertThat(store.statuses(ws)).isEmpty();
    }

    @Test
    @DisplayName("the last check replaces the one before, with status, reason, HTTP status and time intact")
    void lastCheckWins() {
        store.recordVerification(ws, a, new Verification(Status.VALID, "HTTP 200", 200, T0));
        Verification rejected = new Verification(Status.INVALID, "HTTP 401: Incorrect API key provided", 401, at(5));
        store.recordVerification(ws, a, rejected);
        Verification unsupported = new Verification(Status.UNSUPPORTED, "No check for this app.", null, at(6));
        store.recordVerification(ws, b, unsupported);

        assertThat(store.statuses(ws).get(a)).isEqualTo(new ConnectionStatus(rejected, null));
        assertThat(store.statuses(ws).get(b).lastVerification()).isEqualTo(unsupported);
    }

    @Test
    @DisplayName("uses keep the latest instant, whatever order they arrive in, and leave the check alone")
    void usesKeepTheLatest() {
        Verification valid = new Verification(Status.VALID, "HTTP 200", 200, T0);
        store.recordVerification(ws, a, valid);
        store.recordUses(List.of(new Use(ws, a, at(120)), new Use(ws, b, at(60))));
        store.recordUses(List.of(new Use(ws, a, at(60))));
        assertThat(store.statuses(ws).get(a)).isEqualTo(new ConnectionStatus(valid, at(120)));
        assertThat(store.statuses(ws).get(b)).isEqualTo(new ConnectionStatus(null, at(60)));
    }

    @Test
    @DisplayName("a batch of 1,200 uses is stored whole")
    void largeBatch() {
        List<Use> uses = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            uses.add(new Use(ws, ConnectionId.random(), at(i)));
        }
        store.recordUses(uses);
        assertThat(store.statuses(ws)).hasSize(1200);
        store.recordUses(List.of());
    }

    @Test
    @DisplayName("clearing the check keeps the last use; forgetting drops everything; both tolerate unknown ids")
    void clearAndForget() {
        store.recordVerification(ws, a, new Verification(Status.INVALID, "HTTP 401", 401, T0));
        store.recordUses(List.of(new Use(ws, a, at(30)), new Use(ws, b, at(30))));
        store.clearVerification(ws, a);
        assertThat(store.statuses(ws).get(a)).isEqualTo(new ConnectionStatus(null, at(30)));

        store.forget(ws, b);
        assertThat(store.statuses(ws)).containsOnlyKeys(a);
        store.forget(ws, ConnectionId.random());
        store.clearVerification(ws, ConnectionId.random());
        assertThat(store.statuses(ws)).containsOnlyKeys(a);
    }

    @Test
    @DisplayName("workspaces are apart: the same connection id in another workspace is another status")
    void workspacesAreApart() {
        WorkspaceId other = TckData.newWorkspace();
        store.recordVerification(ws, a, new Verification(Status.VALID, "HTTP 200", 200, T0));
        store.recordUses(List.of(new Use(other, a, at(10))));
        store.forget(other, a);
        assertThat(store.statuses(other)).isEmpty();
        assertThat(store.statuses(ws)).containsOnlyKeys(a);
    }

    private static Instant at(long seconds) {
        return T0.plus(seconds, ChronoUnit.SECONDS);
    }
}
