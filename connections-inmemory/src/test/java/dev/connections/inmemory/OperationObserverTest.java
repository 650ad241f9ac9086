package dev.connections.inmemory;

import static dev.connections.inmemory.CacheTestSupport.OPENAI;
import static dev.connections.inmemory.CacheTestSupport.SLACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.Connections;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.error.ConnectionValidationException;
import dev.connections.error.NoConnectionException;
import dev.connections.event.OperationObserver;
import dev.connections.event.OperationObserver.Operation;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Every resolve, check and write runs inside one observer scope, which sees failures and never breaks a call. */
class OperationObserverTest {
    private static final WorkspaceId WS = WorkspaceId.of("acme");
    private static final String KEY = "sk-test-0123456789abcdef";

    /** What the observer saw, in order: "start RESOLVE openai", "failed RESOLVE", "end RESOLVE". */
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private final OperationObserver recording = (operation, app) -> {
        seen.add("start " + operation + " " + (app == null ? "-" : app.value()));
        return new OperationObserver.Observed() {
            @Override
            public void failed(Throwable error) {
                seen.add("failed " + operation + " " + error.getClass().getSimpleName());
            }

            @Override
            public void close() {
                seen.add("end " + operation);
            }
        };
    };

    private Connections connections(OperationObserver observer) {
        return CacheTestSupport.over(new InMemoryConnectionRepository(), new InMemorySecretStore())
                .observer(observer)
                .build();
    }

    @Test
    void eachOperationIsOpenedAndClosedOnceAroundItsWork() {
        try (Connections connections = connections(recording)) {
            Connection main = connections.addConnection(WS, OPENAI, "Main", Secret.of(KEY));
            connections.resolveDefault(WS, OPENAI);
            connections.resolve(WS, main.id());
            connections.editConnection(WS, main.id(), ConnectionEdit.rename(main.version(), "Primary"));
            connections.setDefault(WS, main.id());
            connections.deleteConnection(WS, main.id(), main.version() + 1);

            assertThat(seen)
                    .containsExactly(
                            "start ADD openai",
                            "end ADD",
                            "start RESOLVE openai",
                            "end RESOLVE",
                            "start RESOLVE -",
                            "end RESOLVE",
                            "start EDIT -",
                            "end EDIT",
                            "start SET_DEFAULT -",
                            "end SET_DEFAULT",
                            "start DELETE -",
                            "end DELETE");
        }
    }

    @Test
    void aFailedOperationIsReportedBeforeItsScopeEnds() {
        try (Connections connections = connections(recording)) {
            assertThatThrownBy(() -> connections.resolveDefault(WS, SLACK)).isInstanceOf(NoConnectionException.class);
            assertThatThrownBy(() -> connections.addConnection(WS, OPENAI, "", Secret.of(KEY)))
                    .isInstanceOf(ConnectionValidationException.class);

            assertThat(seen)
                    .containsExactly(
                            "start RESOLVE slack",
                            "failed RESOLVE NoConnectionException",
                            "end RESOLVE",
                            "start ADD openai",
                            "failed ADD ConnectionValidationException",
                            "end ADD");
        }
    }

    @Test
    void anObserverThatThrowsChangesNothingACallerSees() {
        OperationObserver broken = new OperationObserver() {
            @Override
            public Observed start(Operation operation, @Nullable IntegrationId app) {
                throw new IllegalStateException("tracer down");
            }
        };
        OperationObserver brokenScope = (operation, app) -> new OperationObserver.Observed() {
            @Override
            public void failed(Throwable error) {
                throw new IllegalStateException("tracer down");
            }

            @Override
            public void close() {
                throw new IllegalStateException("tracer down");
            }
        };
        for (OperationObserver observer : List.of(broken, brokenScope)) {
            try (Connections connections = connections(observer)) {
                connections.addConnection(WS, OPENAI, "Main", Secret.of(KEY));
                assertThat(connections.resolveDefault(WS, OPENAI).withKey(Secret::reveal))
                        .isEqualTo(KEY);
                assertThatThrownBy(() -> connections.resolveDefault(WS, SLACK))
                        .isInstanceOf(NoConnectionException.class);
            }
        }
    }
}
