package dev.connections.event;

import dev.connections.id.IntegrationId;
import org.jspecify.annotations.Nullable;

/**
 * Watches the facade's operations as they run, for tracing: each operation is opened before it starts and
 * closed when it ends, so a tracer can turn it into a span (the starter bridges this to Micrometer's {@code
 * ObservationRegistry}).
 *
 * <p>Only low-cardinality facts are passed: the operation and the app it concerns. Never a workspace, a name
 * or a key. Called on the caller's thread; an implementation must be fast, thread-safe and must not throw (a
 * throw is logged and ignored).
 */
public interface OperationObserver {

    /** Observes nothing; the default, and free on the trigger path. */
    OperationObserver NONE = (operation, app) -> Observed.NONE;

    /** The facade's operations that are observed. */
    enum Operation {
        /** {@code resolveDefault} or {@code resolve}: the trigger path. */
        RESOLVE,
        /** {@code verifyConnection}: one request to the app's live API. */
        VERIFY,
        /** {@code addConnection} and {@code addCustomConnection}. */
        ADD,
        /** {@code importConnections}, all apps of one call together. */
        IMPORT,
        /** {@code editConnection}: rename or replace the API key. */
        EDIT,
        /** {@code setDefault}. */
        SET_DEFAULT,
        /** {@code deleteConnection}. */
        DELETE;
    }

    /**
     * An operation is starting.
     *
     * @param app the app it concerns, or null when it is not known before it runs (an import, a call by
     *     connection id)
     */
    Observed start(Operation operation, @Nullable IntegrationId app);

    /** One running operation; ended exactly once, by {@link #failed} then {@link #close}, or by {@link #close}. */
    interface Observed extends AutoCloseable {
        /** Does nothing. */
        Observed NONE = new Observed() {
            @Override
            public void failed(Throwable error) {}

            @Override
            public void close() {}
        };

        /** The operation ends with {@code error}; {@link #close} follows. */
        void failed(Throwable error);

        /** The operation has ended. */
        @Override
        void close();
    }
}
