package dev.connections.nats;

import static dev.connections.nats.NatsServer.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.error.StorageException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.inmemory.InMemoryConnectionRepository;
import dev.connections.inmemory.InMemorySecretStore;
import dev.connections.secret.Secret;
import dev.connections.spi.ChangeFeed;
import dev.connections.tck.TckCatalog;
import dev.connections.tck.TckConnections;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The NATS feed on its own: what goes over the wire, reconnects, close, and how it fails. */
class NatsChangeFeedTest {
    private final String subject = NatsServer.uniqueSubject();
    private final List<String> heard = new CopyOnWriteArrayList<>();

    private NatsChangeFeed listening(NatsChangeFeed feed) {
        feed.subscribe(new ChangeFeed.Subscriber() {
            @Override
            public void workspaceChanged(WorkspaceId workspace) {
                heard.add(workspace.value());
            }

            @Override
            public void appChanged(WorkspaceId workspace, IntegrationId integration) {
                heard.add(workspace.value() + "/" + integration.value());
            }

            @Override
            public void everythingChanged() {
                heard.add("*");
            }
        });
        assertThat(feed.isSubscribed()).isTrue();
        return feed;
    }

    @Test
    void aWriteThroughTheFacadePublishesIdsOnlyNeverTheKey() throws Exception {
        List<String> wire = new CopyOnWriteArrayList<>();
        Connection spy = Nats.connect(NatsServer.url());
        try (NatsChangeFeed feed = listening(
                NatsChangeFeed.builder(NatsServer.url()).subject(subject).build())) {
            Dispatcher d = spy.createDispatcher(m -> wire.add(new String(m.getData(), StandardCharsets.UTF_8)));
            d.subscribe(subject);
            spy.flush(Duration.ofSeconds(5));
            Connections connections = ConnectionsBuilder.newBuilder()
                    .repository(new InMemoryConnectionRepository())
                    .secretStore(new InMemorySecretStore())
                    .keyRing(TckConnections.KEY_RING)
                    .catalog(new TckCatalog())
                    .changeFeed(feed)
                    .build();
            connections.addConnection(
                    WorkspaceId.of("acme"), TckCatalog.ALPHA, "Main", Secret.of("sk-live-do-not-leak-0123456789"));

            awaitTrue(Duration.ofSeconds(5), "the notice on the wire", () -> !wire.isEmpty());
            assertThat(wire).containsExactly("acme " + TckCatalog.ALPHA.value());
            awaitTrue(
                    Duration.ofSeconds(5),
                    "the feed hearing its own notice",
                    () -> heard.contains("acme/" + TckCatalog.ALPHA.value()));
            connections.close();
        } finally {
            spy.close();
        }
    }

    @Test
    void afterAReconnectEverythingChangedAndNoticesFlowAgain() throws Exception {
        Options options = new Options.Builder()
                .server(NatsServer.url())
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(100))
                .build();
        Connection hosts = Nats.connect(options);
        try (NatsChangeFeed feed =
                listening(NatsChangeFeed.builder(hosts).subject(subject).build())) {
            heard.clear();
            // A cut connection, as a network failure or a server restart ends it.
            hosts.forceReconnect();
            awaitTrue(Duration.ofSeconds(10), "the feed subscribed again", () -> feed.reconnects() == 1);
            awaitTrue(Duration.ofSeconds(5), "everything changed", () -> heard.contains("*"));
            assertThat(feed.isSubscribed()).isTrue();
            feed.publish(WorkspaceId.of("acme"), TckCatalog.ALPHA);
            awaitTrue(
                    Duration.ofSeconds(5),
                    "a notice after the reconnect",
                    () -> heard.contains("acme/" + TckCatalog.ALPHA.value()));
        } finally {
            // The host's connection is the host's: the feed's close left it open.
            assertThat(hosts.getStatus()).isEqualTo(Connection.Status.CONNECTED);
            hosts.close();
        }
    }

    @Test
    void closeDeliversNothingMore() throws Exception {
        NatsChangeFeed feed = listening(
                NatsChangeFeed.builder(NatsServer.url()).subject(subject).build());
        feed.close();
        heard.clear();
        Connection other = Nats.connect(NatsServer.url());
        List<String> probe = new CopyOnWriteArrayList<>();
        try {
            other.createDispatcher(m -> probe.add("heard")).subscribe(subject);
            other.flush(Duration.ofSeconds(5));
            other.publish(subject, "acme".getBytes(StandardCharsets.UTF_8));
            // Once another subscriber has it, the server has fanned it out to every subscriber it still has.
            awaitTrue(Duration.ofSeconds(5), "the probe hearing the notice", () -> !probe.isEmpty());
        } finally {
            other.close();
        }
        feed.publish(WorkspaceId.of("acme"), TckCatalog.ALPHA);
        assertThat(feed.isSubscribed()).isFalse();
        assertThat(heard).isEmpty();
    }

    @Test
    void unreachableNatsAndBadSettingsFailWithoutQuotingThePassword() {
        NatsServer.url();
        assertThatThrownBy(() -> NatsChangeFeed.builder("nats://u:hunter2-secret@127.0.0.1:1")
                        .build())
                .isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(messages(e)).doesNotContain("hunter2-secret"));
        assertThatThrownBy(() -> NatsChangeFeed.builder("http://u:hunter2-secret@127.0.0.1:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(messages(e)).doesNotContain("hunter2-secret"));
        assertThatThrownBy(() -> NatsChangeFeed.builder(NatsServer.url()).subject("a.*"))
                .hasMessageContaining("subject");
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
