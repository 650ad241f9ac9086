package dev.connections.tck;

import static dev.connections.tck.TckCatalog.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.Connections;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.event.ConnectionEvent;
import dev.connections.id.Actor;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Who made a change: writes through {@code as(actor)} name the actor in their events; others name the system. */
public abstract class ActorContract {
    private static final Actor ADA = Actor.of("user-42", "Ada Lovelace");
    private static final Actor GRACE = Actor.of("user-7", "Grace Hopper");

    /** The repository under test; called before every test. */
    protected abstract ConnectionRepository createRepository();

    /** The secret store under test; called before every test, after {@link #createRepository()}. */
    protected abstract SecretStore createSecretStore();

    private TckConnections tck;
    private Connections connections;
    private final WorkspaceId ws = TckData.newWorkspace();

    @BeforeEach
    void setUpFacade() {
        ConnectionRepository repository = createRepository();
        tck = TckConnections.create(repository, createSecretStore(), b -> b);
        connections = tck.connections();
    }

    @AfterEach
    void closeFacade() {
        tck.close();
    }

    @Test
    @DisplayName("every write through a view carries its actor; writes outside a view carry the system")
    void eventsNameTheActor() {
        Connections ada = connections.as(ADA);
        Connection main = ada.addConnection(ws, ALPHA, "Main", Secret.of(TckData.recognisableKey("a-")));
        Connection spare = connections.addConnection(ws, ALPHA, "Spare", Secret.of(TckData.recognisableKey("b-")));
        Connections grace = ada.as(GRACE);
        grace.setDefault(ws, spare.id());
        Connection renamed = ada.editConnection(
                ws,
                main.id(),
                ConnectionEdit.rename(
                        connections.connection(ws, main.id()).orElseThrow().version(), "Old main"));
        grace.deleteConnection(
                ws,
                spare.id(),
                connections.connection(ws, spare.id()).orElseThrow().version());

        List<ConnectionEvent> events = tck.events(ws);
        assertThat(events)
                .extracting(
                        e -> e.getClass().getSimpleName() + " by " + e.actor().id())
                .containsExactly(
                        "Created by user-42",
                        "Created by system",
                        "DefaultChanged by user-7",
                        "Renamed by user-42",
                        "Deleted by user-7",
                        "DefaultPromoted by user-7");
        assertThat(events.get(0).actor()).isEqualTo(ADA);
        assertThat(renamed.name()).isEqualTo("Old main");
    }

    @Test
    @DisplayName("a view reads the same data, and its actor does not leak to other threads or later calls")
    void viewsShareDataAndScopeEndsWithTheCall() throws Exception {
        Connections ada = connections.as(ADA);
        Connection c = ada.addConnection(ws, ALPHA, "Main", Secret.of(TckData.recognisableKey("a-")));
        assertThat(connections.connections(ws, ALPHA)).containsExactly(c);
        assertThat(ada.resolveDefault(ws, ALPHA).connection()).isEqualTo(c);

        CompletableFuture.runAsync(
                        () -> connections.addConnection(ws, ALPHA, "Other", Secret.of(TckData.recognisableKey("o-"))))
                .get();
        connections.setDefault(ws, connections.connections(ws, ALPHA).get(1).id());
        assertThat(tck.events(ws)).extracting(e -> e.actor().id()).containsExactly("user-42", "system", "system");

        ada.close(); // a view's close leaves the facade open
        assertThat(connections.connections(ws, ALPHA)).hasSize(2);
    }

    @Test
    @DisplayName("an actor's id and display name are checked: safe in logs, no invisible characters")
    void actorsAreChecked() {
        assertThatThrownBy(() -> Actor.of("user 42", "Ada")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Actor.of("user-42", "Ada\u202E")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Actor.of("user-42", " ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Actor.SYSTEM.isSystem()).isTrue();
        assertThat(ADA.isSystem()).isFalse();
    }
}
