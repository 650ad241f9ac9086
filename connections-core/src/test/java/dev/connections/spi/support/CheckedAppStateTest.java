package dev.connections.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.connection.Connection;
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.error.DuplicateConnectionNameException;
import dev.connections.error.StaleConnectionException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SecretRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The name rule of {@link CheckedAppState} over rows stored before names were folded. */
class CheckedAppStateTest {
    private static final WorkspaceId WS = WorkspaceId.of("w1");
    private static final IntegrationId APP = IntegrationId.of("alpha");
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private final List<String> stored = new ArrayList<>();

    @Test
    void rowsThatNowFoldAlikeStayUpdatableWithoutARename() {
        Connection plain = row("Key for deepl", true);
        Connection noBreak = row("Key\u00A0for deepl", false);
        CheckedAppState state = state(plain, noBreak);

        state.update(plain.withDefault(false, T.plusSeconds(1)));
        state.update(noBreak.withDefault(true, T.plusSeconds(1)));

        assertThat(stored).containsExactly("update Key for deepl", "update Key\u00A0for deepl");
    }

    @Test
    void aNewOrRenamedNameMustFoldApartFromEveryStoredOne() {
        Connection plain = row("Key for deepl", true);
        Connection other = row("Other", false);
        CheckedAppState state = state(plain, other);

        assertThatThrownBy(() -> state.insert(row("KEY\u3000FOR\u200B DEEPL", false)))
                .isInstanceOf(DuplicateConnectionNameException.class);
        assertThatThrownBy(() -> state.update(other.withName("key for  deepl", T.plusSeconds(1))))
                .isInstanceOf(DuplicateConnectionNameException.class);
        assertThat(stored).isEmpty();
        assertThat(CheckedAppState.nameTaken(state.connections(), "Key for Deepl", plain.id()))
                .isFalse();
    }

    @Test
    void aRowOfAnotherWorkspaceOrAppIsRefusedOnInsertAndUpdate() {
        Connection mine = row("Mine", false);
        CheckedAppState state = state(mine);
        Connection otherWorkspace = new Connection(
                ConnectionId.random(),
                WorkspaceId.of("w2"),
                APP,
                "Theirs",
                false,
                SecretRef.random(),
                "…abcd",
                Map.of(),
                T,
                T,
                1);
        Connection otherApp = new Connection(
                ConnectionId.random(),
                WS,
                IntegrationId.of("beta"),
                "Theirs",
                false,
                SecretRef.random(),
                "…abcd",
                Map.of(),
                T,
                T,
                1);
        Connection movedToOtherWorkspace = new Connection(
                mine.id(), WorkspaceId.of("w2"), APP, "Mine", false, mine.secretRef(), "…abcd", Map.of(), T, T, 2);
        Connection movedToOtherApp = new Connection(
                mine.id(), WS, IntegrationId.of("beta"), "Mine", false, mine.secretRef(), "…abcd", Map.of(), T, T, 2);

        assertThatThrownBy(() -> state.insert(otherWorkspace))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another workspace or app");
        assertThatThrownBy(() -> state.insert(otherApp)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> state.update(movedToOtherWorkspace)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> state.update(movedToOtherApp)).isInstanceOf(IllegalArgumentException.class);
        assertThat(stored).isEmpty();
        assertThat(state.connections()).containsExactly(mine);
    }

    @Test
    void aSecondDefaultIsRefusedOnInsertUntilTheFirstIsCleared() {
        Connection first = row("First", true);
        CheckedAppState state = state(first);

        assertThatThrownBy(() -> state.insert(row("Second", true)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already has a default");
        assertThat(stored).isEmpty();

        state.update(first.withDefault(false, T.plusSeconds(1)));
        Connection second = row("Second", true);
        state.insert(second);
        assertThat(stored).containsExactly("update First", "insert Second");
        assertThat(state.connections()).filteredOn(Connection::isDefault).containsExactly(second);
    }

    @Test
    void anUpdateMustFollowTheStoredVersionAndADeleteRemovesTheRow() {
        Connection first = row("First", false);
        CheckedAppState state = state(first);
        assertThat(state.workspace()).isEqualTo(WS);
        assertThat(state.integration()).isEqualTo(APP);

        Connection twoAhead = first.withName("Renamed", T.plusSeconds(1)).withName("Again", T.plusSeconds(2));
        assertThatThrownBy(() -> state.update(twoAhead)).isInstanceOfSatisfying(StaleConnectionException.class, e -> {
            assertThat(e.expectedVersion()).isEqualTo(twoAhead.version() - 1);
            assertThat(e.actualVersion()).isEqualTo(first.version());
        });

        state.delete(first.id());
        assertThat(stored).containsExactly("delete " + first.id());
        assertThat(state.connections()).isEmpty();
        assertThatThrownBy(() -> state.delete(first.id())).isInstanceOf(ConnectionNotFoundException.class);
        // The freed name and default can be taken again.
        state.insert(row("First", true));
        assertThat(stored).hasSize(2).last().isEqualTo("insert First");
    }

    private CheckedAppState state(Connection... rows) {
        return new CheckedAppState(WS, APP, List.of(rows)) {
            @Override
            protected void storeInsert(Connection connection) {
                stored.add("insert " + connection.name());
            }

            @Override
            protected void storeUpdate(Connection before, Connection updated) {
                stored.add("update " + updated.name());
            }

            @Override
            protected void storeDelete(ConnectionId id) {
                stored.add("delete " + id);
            }
        };
    }

    private static Connection row(String name, boolean isDefault) {
        return new Connection(
                ConnectionId.random(), WS, APP, name, isDefault, SecretRef.random(), "…abcd", Map.of(), T, T, 1);
    }
}
