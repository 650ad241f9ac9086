package dev.connections.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.internal.Durations;
import dev.connections.spi.ChangeFeed;
import dev.connections.spi.ConnectionStatusStore.Use;
import dev.connections.verify.ConnectionStatus;
import dev.connections.verify.Verification;
import dev.connections.verify.Verification.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The helpers adapters share: duration checks, change delivery and the in-memory status store. */
class SupportHelpersTest {
    private static final WorkspaceId WS = WorkspaceId.of("w1");
    private static final WorkspaceId OTHER = WorkspaceId.of("w2");
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void durationsNameTheSettingThatIsOutOfRange() {
        assertThat(Durations.positive(Duration.ofMillis(1), "timeout")).isEqualTo(Duration.ofMillis(1));
        assertThatThrownBy(() -> Durations.positive(Duration.ZERO, "timeout"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("timeout must be positive");
        assertThatThrownBy(() -> Durations.positive(Duration.ofMillis(-1), "timeout"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Durations.nonNegative(Duration.ZERO, "grace")).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> Durations.nonNegative(Duration.ofMillis(-1), "grace"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("grace cannot be negative");
    }

    @Test
    void everySubscriberHearsEveryNoticeEvenAfterOneFails() {
        List<String> heard = new ArrayList<>();
        ChangeSubscribers subscribers = new ChangeSubscribers();
        ChangeFeed.Subscriber failing = new Recorder(heard, "a") {
            @Override
            public void workspaceChanged(WorkspaceId workspace) {
                super.workspaceChanged(workspace);
                throw new IllegalStateException("subscriber bug");
            }
        };
        Recorder second = new Recorder(heard, "b");
        subscribers.add(failing);
        subscribers.add(second);
        assertThat(subscribers.size()).isEqualTo(2);

        subscribers.workspaceChanged(WS);
        subscribers.appChanged(WS, IntegrationId.of("alpha"));
        subscribers.everythingChanged();
        assertThat(heard)
                .containsExactly(
                        "a workspace w1", "b workspace w1", "a app w1/alpha", "b app w1/alpha", "a all", "b all");

        subscribers.removeAll(List.of(failing));
        heard.clear();
        subscribers.everythingChanged();
        assertThat(heard).containsExactly("b all");
        subscribers.clear();
        assertThat(subscribers.size()).isZero();
        subscribers.everythingChanged();
        assertThat(heard).containsExactly("b all");
    }

    @Test
    void statusStoreKeepsVerificationAndUseApartPerWorkspace() {
        InMemoryConnectionStatusStore store = new InMemoryConnectionStatusStore();
        ConnectionId id = ConnectionId.random();
        Verification valid = new Verification(Status.VALID, "", 200, T);
        assertThat(store.statuses(WS)).isEmpty();

        store.recordVerification(WS, id, valid);
        store.recordUses(List.of(new Use(WS, id, T.plusSeconds(5))));
        assertThat(store.statuses(WS)).containsEntry(id, new ConnectionStatus(valid, T.plusSeconds(5)));
        assertThat(store.statuses(OTHER)).isEmpty();

        Verification rejected = new Verification(Status.INVALID, "HTTP 401", 401, T.plusSeconds(9));
        store.recordVerification(WS, id, rejected);
        assertThat(store.statuses(WS).get(id).lastVerification()).isEqualTo(rejected);

        store.clearVerification(WS, id);
        assertThat(store.statuses(WS)).containsEntry(id, new ConnectionStatus(null, T.plusSeconds(5)));

        store.forget(OTHER, id);
        assertThat(store.statuses(WS)).containsKey(id);
        store.forget(WS, id);
        assertThat(store.statuses(WS)).isEmpty();
    }

    private static class Recorder implements ChangeFeed.Subscriber {
        private final List<String> heard;
        private final String name;

        Recorder(List<String> heard, String name) {
            this.heard = heard;
            this.name = name;
        }

        @Override
        public void workspaceChanged(WorkspaceId workspace) {
            heard.add(name + " workspace " + workspace.value());
        }

        @Override
        public void appChanged(WorkspaceId workspace, IntegrationId integration) {
            heard.add(name + " app " + workspace.value() + "/" + integration.value());
        }

        @Override
        public void everythingChanged() {
            heard.add(name + " all");
        }
    }
}
