package dev.connections.spring.boot;

import static dev.connections.spring.boot.ConnectionsAutoConfigurationTest.API_KEY;
import static dev.connections.spring.boot.ConnectionsAutoConfigurationTest.OPENAI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.Connections;
import dev.connections.connection.Connection;
import dev.connections.error.NoConnectionException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.verify.CredentialVerifier;
import dev.connections.verify.Verification;
import dev.connections.verify.Verification.Status;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Spans and timers through the host's ObservationRegistry: one observation per operation, low-cardinality keys. */
class ConnectionsObservationTest {
    private final WorkspaceId ws = WorkspaceId.of("ws-secret-name-" + UUID.randomUUID());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    DataSourceAutoConfiguration.class,
                    ConnectionsObservationAutoConfiguration.class,
                    ConnectionsAutoConfiguration.class))
            .withPropertyValues(
                    "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                    "connections.keys.text=" + TestKeys.text("k1"));

    /** Keeps every stopped observation's context, as a tracer's handler would turn each into a span. */
    static final class Recorder implements ObservationHandler<Observation.Context> {
        final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

        @Override
        public void onStop(Observation.Context context) {
            stopped.add(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }

        List<String> summaries() {
            return stopped.stream()
                    .map(c -> c.getContextualName() + " "
                            + c.getLowCardinalityKeyValues().stream()
                                    .map(kv -> kv.getKey() + "=" + kv.getValue())
                                    .sorted()
                                    .collect(Collectors.joining(","))
                            + (c.getError() == null
                                    ? ""
                                    : " error=" + c.getError().getClass().getSimpleName()))
                    .toList();
        }
    }

    @Test
    void eachOperationIsOneObservationWithOperationAndAppOnly() {
        Recorder recorder = new Recorder();
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(recorder);
        CredentialVerifier offline = c -> new Verification(Status.VALID, "checked offline", 200, Instant.EPOCH);
        runner.withBean(ObservationRegistry.class, () -> registry)
                .withBean(CredentialVerifier.class, () -> offline)
                .run(context -> {
                    Connections connections = context.getBean(Connections.class);
                    Connection main = connections.addConnection(ws, OPENAI, "Main", Secret.of(API_KEY));
                    connections.resolveDefault(ws, OPENAI);
                    connections.verifyConnection(ws, main.id());
                    assertThatThrownBy(() -> connections.resolveDefault(ws, IntegrationId.of("anthropic")))
                            .isInstanceOf(NoConnectionException.class);
                    connections.deleteConnection(ws, main.id(), main.version());

                    assertThat(recorder.summaries())
                            .containsExactly(
                                    "connections add app=openai,operation=add",
                                    "connections resolve app=openai,operation=resolve",
                                    "connections verify app=none,operation=verify",
                                    "connections resolve app=anthropic,operation=resolve error=NoConnectionException",
                                    "connections delete app=none,operation=delete");
                    assertThat(recorder.stopped)
                            .allSatisfy(c -> assertThat(c.getName()).isEqualTo(ConnectionsObservation.NAME))
                            .allSatisfy(c -> assertThat(c.getAllKeyValues().toString())
                                    .doesNotContain(ws.value())
                                    .doesNotContain(API_KEY)
                                    .doesNotContain("Main"));
                });
    }

    @Test
    void withoutARegistryNothingIsObservedAndCallsWork() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ConnectionsObservation.class);
            Connections connections = context.getBean(Connections.class);
            connections.addConnection(ws, OPENAI, "Main", Secret.of(API_KEY));
            assertThat(connections.resolveDefault(ws, OPENAI).withKey(Secret::reveal))
                    .isEqualTo(API_KEY);
        });
    }

    @Test
    void customAppsShareOneTagValue() {
        Recorder recorder = new Recorder();
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(recorder);
        ConnectionsObservation observation = new ConnectionsObservation(() -> registry);
        observation
                .start(dev.connections.event.OperationObserver.Operation.RESOLVE, IntegrationId.of("custom-acme-crm"))
                .close();
        assertThat(recorder.summaries()).containsExactly("connections resolve app=custom,operation=resolve");
    }
}
