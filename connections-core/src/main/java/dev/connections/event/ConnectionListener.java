package dev.connections.event;

/**
 * Receives every committed change, after it is stored, on the thread that made it.
 *
 * <p>A listener that throws is logged and does not undo the change nor stop other listeners.
 */
@FunctionalInterface
public interface ConnectionListener {
    /** Called once per committed change; keep it quick, it runs on the writer's thread. */
    void onEvent(ConnectionEvent event);
}
