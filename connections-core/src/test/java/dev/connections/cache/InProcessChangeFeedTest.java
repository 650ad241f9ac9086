package dev.connections.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.spi.ChangeFeed;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InProcessChangeFeedTest {
    private static final WorkspaceId ACME = WorkspaceId.of("acme");
    private static final IntegrationId SLACK = IntegrationId.of("slack");

    private static class Recorder implements ChangeFeed.Subscriber {
        final List<String> notices = new ArrayList<>();

        @Override
        public void workspaceChanged(WorkspaceId workspace) {
            notices.add(workspace.value());
        }

        @Override
        public void everythingChanged() {
            notices.add("*");
        }
    }

    @Test
    void publishReachesEverySubscriberOfEveryEndpointBeforeReturning() {
        InProcessChangeFeed hub = new InProcessChangeFeed();
        ChangeFeed a = hub.endpoint();
        ChangeFeed b = hub.endpoint();
        Recorder onA = new Recorder();
        Recorder onB = new Recorder();
        a.subscribe(onA);
        b.subscribe(onB);

        a.publish(ACME, SLACK);
        hub.publishEverythingChanged();

        assertThat(onA.notices).containsExactly("acme", "*");
        assertThat(onB.notices).containsExactly("acme", "*");
    }

    @Test
    void anAppNoticeNamesTheAppAndFallsBackToTheWorkspaceForSubscribersThatIgnoreApps() {
        InProcessChangeFeed hub = new InProcessChangeFeed();
        ChangeFeed a = hub.endpoint();
        Recorder workspaceOnly = new Recorder();
        List<String> perApp = new ArrayList<>();
        a.subscribe(workspaceOnly);
        a.subscribe(new Recorder() {
            @Override
            public void appChanged(WorkspaceId workspace, IntegrationId integration) {
                perApp.add(workspace.value() + "/" + integration.value());
            }
        });

        a.publish(ACME, SLACK);

        assertThat(perApp).containsExactly("acme/slack");
        assertThat(workspaceOnly.notices).containsExactly("acme");
    }

    @Test
    void closingAnEndpointRemovesOnlyItsOwnSubscribers() {
        InProcessChangeFeed hub = new InProcessChangeFeed();
        ChangeFeed a = hub.endpoint();
        ChangeFeed b = hub.endpoint();
        Recorder onA = new Recorder();
        Recorder onB = new Recorder();
        a.subscribe(onA);
        b.subscribe(onB);

        a.close();
        b.publish(ACME, SLACK);

        assertThat(onA.notices).isEmpty();
        assertThat(onB.notices).containsExactly("acme");
        assertThat(hub.subscriberCount()).isEqualTo(1);
        assertThatThrownBy(() -> a.subscribe(new Recorder())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailingSubscriberDoesNotStopDeliveryToTheOthers() {
        InProcessChangeFeed hub = new InProcessChangeFeed();
        hub.subscribe(new ChangeFeed.Subscriber() {
            @Override
            public void workspaceChanged(WorkspaceId workspace) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void everythingChanged() {
                throw new IllegalStateException("boom");
            }
        });
        Recorder healthy = new Recorder();
        hub.subscribe(healthy);

        hub.publish(ACME, SLACK);

        assertThat(healthy.notices).containsExactly("acme");
    }

    @Test
    void aClosedHubDeliversNothing() {
        InProcessChangeFeed hub = new InProcessChangeFeed();
        Recorder recorder = new Recorder();
        hub.subscribe(recorder);

        hub.close();
        hub.publish(ACME, SLACK);

        assertThat(recorder.notices).isEmpty();
        assertThatThrownBy(() -> hub.subscribe(new Recorder())).isInstanceOf(IllegalStateException.class);
    }
}
