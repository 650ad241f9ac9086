package dev.connections.spring.boot;

import dev.connections.event.OperationObserver;
import dev.connections.id.IntegrationId;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Bridges the facade's {@link OperationObserver} to Micrometer's Observation API, so that Micrometer Tracing
 * (OpenTelemetry, Brave) records a span, and the registry's handlers a {@code connections.operation} timer, per
 * resolve, "Test connection" and write.
 *
 * <p>Low-cardinality keys only: {@code operation} ({@code resolve}, {@code verify}, {@code add}, {@code import},
 * {@code edit}, {@code set_default}, {@code delete}) and {@code app} (the catalog app's id; every custom app is
 * {@code custom}; {@code none} when the call names a connection rather than an app). Never a workspace, a
 * connection name or a key. The observation is current while the operation runs, so spans of the host's JDBC
 * or HTTP instrumentation nest under it.
 */
public final class ConnectionsObservation implements OperationObserver {
    /** The observation's name, and so the name of the timer that Micrometer's default handler records. */
    public static final String NAME = "connections.operation";

    private final Supplier<ObservationRegistry> registry;

    /** @param registry looked up on each operation, so the bridge can exist before the registry is configured */
    public ConnectionsObservation(Supplier<ObservationRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public Observed start(Operation operation, @Nullable IntegrationId app) {
        ObservationRegistry observations = registry.get();
        if (observations.isNoop()) {
            return Observed.NONE;
        }
        String name = operation.name().toLowerCase(Locale.ROOT);
        Observation observation = Observation.createNotStarted(NAME, observations)
                .contextualName("connections " + name)
                .lowCardinalityKeyValue("operation", name)
                .lowCardinalityKeyValue(
                        "app", app == null ? "none" : app.isCustom() ? ConnectionsMetrics.CUSTOM_APP_TAG : app.value())
                .start();
        Observation.Scope scope = observation.openScope();
        return new Observed() {
            @Override
            public void failed(Throwable error) {
                observation.error(error);
            }

            @Override
            public void close() {
                scope.close();
                observation.stop();
            }
        };
    }
}
