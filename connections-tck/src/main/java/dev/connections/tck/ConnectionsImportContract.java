package dev.connections.tck;

import static dev.connections.tck.TckCatalog.ALPHA;
import static dev.connections.tck.TckCatalog.BETA;
import static dev.connections.tck.TckCatalog.DELTA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.connections.ConnectionsBuilder;
import dev.connections.connection.Connection;
import dev.connections.connection.NewConnection;
import dev.connections.error.ConnectionValidationException;
import dev.connections.event.ConnectionEvent;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.spi.ChangeFeed;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Bulk import through {@code Connections.importConnections}: every item validated with its problems under
 * {@code items[i].}, nothing stored when any item is wrong, and otherwise the rules and events of single adds —
 * names unique per app (within the list too), the first connection of an app its default, keys encrypted and
 * usable, the resolution cache and other instances told once per app.
 *
 * <p>Extend it and implement {@link #createRepository()} and {@link #createSecretStore()}, as for {@link
 * ConnectionsContract}.
 */
public abstract class ConnectionsImportContract {
    private TckConnections tck;
    private final List<IntegrationId> notices = Collections.synchronizedList(new ArrayList<>());
    private WorkspaceId ws;

    /** The repository under test; called before every test. */
    protected abstract ConnectionRepository createRepository();

    /** The secret store under test; called before every test, after {@link #createRepository()}. */
    protected abstract SecretStore createSecretStore();

    @BeforeEach
    void setUpFacade() {
        ConnectionRepository repository = createRepository();
        SecretStore secrets = createSecretStore();
        tck = TckConnections.create(repository, secrets, this::withRecordingFeed);
        ws = TckData.newWorkspace();
    }

    @AfterEach
    void closeFacade() {
        tck.close();
    }

    private ConnectionsBuilder withRecordingFeed(ConnectionsBuilder builder) {
        return builder.changeFeed(new ChangeFeed() {
            @Override
            public void publish(WorkspaceId workspace, IntegrationId integration) {
                notices.add(integration);
            }

            @Override
            public void subscribe(Subscriber subscriber) {}

            @Override
            public void close() {}
        });
    }

    private NewConnection item(IntegrationId app, String name, String key) {
        return new NewConnection(app, name, Secret.of(key));
    }

    private final Map<Integer, String> alphaKeys = new java.util.HashMap<>();

    /** The same recognisable key for the same number within a test. */
    private String alphaKey(int i) {
        return alphaKeys.computeIfAbsent(i, n -> TckData.recognisableKey("alpha-" + n + "-"));
    }

    @Test
    @DisplayName("a valid list is stored in order; the first connection of each app becomes its default")
    void storesEveryItem() {
        List<Connection> created = tck.connections()
                .importConnections(
                        ws,
                        List.of(
                                item(ALPHA, "Main", alphaKey(1)),
                                item(BETA, "Beta main", "bk-0123456789"),
                                item(ALPHA, "Backup", alphaKey(2))));

        assertThat(created).extracting(Connection::name).containsExactly("Main", "Beta main", "Backup");
        assertThat(created).extracting(Connection::isDefault).containsExactly(true, true, false);
        assertThat(tck.connections().connections(ws, ALPHA))
                .extracting(Connection::name)
                .containsExactly("Main", "Backup");
        assertThat(tck.connections().resolveDefault(ws, ALPHA).withKey(Secret::reveal))
                .isEqualTo(alphaKey(1));
        assertThat(tck.connections().resolve(ws, created.get(2).id()).withKey(Secret::reveal))
                .isEqualTo(alphaKey(2));
        assertThat(tck.connections().resolveDefault(ws, BETA).withKey(Secret::reveal))
                .isEqualTo("bk-0123456789");
    }

    @Test
    @DisplayName("an app that already has connections keeps its default; imported ones join it")
    void keepsTheExistingDefault() {
        Connection existing = tck.connections().addConnection(ws, ALPHA, "Existing", Secret.of(alphaKey(0)));

        List<Connection> created = tck.connections()
                .importConnections(ws, List.of(item(ALPHA, "One", alphaKey(1)), item(ALPHA, "Two", alphaKey(2))));

        assertThat(created).noneMatch(Connection::isDefault);
        assertThat(tck.connections().resolveDefault(ws, ALPHA).connection().id())
                .isEqualTo(existing.id());
        assertThat(tck.connections().connections(ws, ALPHA)).hasSize(3);
    }

    @Test
    @DisplayName("every problem of every item is reported under items[i]., and nothing is stored")
    void reportsEveryItemsProblems() {
        tck.connections().addConnection(ws, ALPHA, "Taken", Secret.of(alphaKey(0)));
        TckConnections.Snapshot before = tck.snapshot(ws, BETA);
        notices.clear();

        ConnectionValidationException e = catchThrowableOfType(
                () -> tck.connections()
                        .importConnections(
                                ws,
                                List.of(
                                        item(ALPHA, "Fine", alphaKey(1)),
                                        item(BETA, "", "not-a-beta-key"),
                                        item(ALPHA, "taken", alphaKey(2)),
                                        item(ALPHA, "FINE", alphaKey(3)),
                                        item(IntegrationId.of("no-such-app"), "X", alphaKey(4)),
                                        new NewConnection(DELTA, "Pay", Secret.of(alphaKey(5)), Map.of()))),
                ConnectionValidationException.class);

        assertThat(e.fieldErrors())
                .containsOnlyKeys(
                        "items[1].name",
                        "items[1].apiKey",
                        "items[2].name",
                        "items[3].name",
                        "items[4].integration",
                        "items[5].settings.account");
        assertThat(e.getMessage()).doesNotContain("not-a-beta-key");
        assertThat(tck.snapshot(ws, BETA)).isEqualTo(before);
        assertThat(notices).isEmpty();
    }

    @Test
    @DisplayName("names are unique per app, not across apps")
    void namesArePerApp() {
        List<Connection> created = tck.connections()
                .importConnections(ws, List.of(item(ALPHA, "Main", alphaKey(1)), item(BETA, "main", "bk-0123456789")));

        assertThat(created).hasSize(2).allMatch(Connection::isDefault);
    }

    @Test
    @DisplayName("one Created event per connection; one change notice per app")
    void eventsAndNotices() {
        List<NewConnection> items = IntStream.range(0, 30)
                .mapToObj(i -> i % 3 == 0
                        ? item(BETA, "Beta " + i, "bk-0123456789-" + i)
                        : item(ALPHA, "Alpha " + i, alphaKey(i)))
                .toList();

        List<Connection> created = tck.connections().importConnections(ws, items);

        List<ConnectionEvent> events = tck.events(ws);
        assertThat(events).hasSize(30).allMatch(ConnectionEvent.Created.class::isInstance);
        assertThat(events)
                .extracting(ConnectionEvent::connectionId)
                .containsExactlyInAnyOrderElementsOf(
                        created.stream().map(Connection::id).toList());
        assertThat(notices).containsExactlyInAnyOrder(ALPHA, BETA);
        assertThat(tck.connections().connections(ws, ALPHA))
                .hasSize(20)
                .filteredOn(Connection::isDefault)
                .hasSize(1);
        assertThat(tck.secretsOf(ws)).hasSize(30);
    }

    @Test
    @DisplayName("the resolution cache is invalidated: a cached 'no connection' does not outlive the import")
    void invalidatesTheCache() {
        assertThat(tck.connections().connections(ws, ALPHA)).isEmpty();
        try {
            tck.connections().resolveDefault(ws, ALPHA);
        } catch (dev.connections.error.NoConnectionException expected) {
            // Now cached as missing, if the cache keeps misses.
        }

        tck.connections().importConnections(ws, List.of(item(ALPHA, "Main", alphaKey(1))));

        assertThat(tck.connections().resolveDefault(ws, ALPHA).withKey(Secret::reveal))
                .isEqualTo(alphaKey(1));
    }

    @Test
    @DisplayName("an empty list stores nothing and sends nothing")
    void emptyList() {
        assertThat(tck.connections().importConnections(ws, List.of())).isEmpty();
        assertThat(tck.events(ws)).isEmpty();
        assertThat(notices).isEmpty();
    }

    @Test
    @DisplayName("a large list of one app is stored completely, with one default")
    void largeList() {
        List<NewConnection> items = IntStream.range(0, 1_000)
                .mapToObj(i -> item(ALPHA, "Key " + i, alphaKey(i)))
                .toList();

        tck.connections().importConnections(ws, items);

        List<Connection> stored = tck.connections().connections(ws, ALPHA);
        assertThat(stored).hasSize(1_000);
        assertThat(stored)
                .filteredOn(Connection::isDefault)
                .singleElement()
                .extracting(Connection::name)
                .isEqualTo("Key 0");
        assertThat(tck.secretsOf(ws)).hasSize(1_000);
    }
}
