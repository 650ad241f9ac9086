package dev.connections.event;

import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import java.time.Instant;
import java.util.Objects;

/**
 * Something that changed in a workspace's connections; carries ids and names, never key material.
 */
public sealed interface ConnectionEvent {

    /** The workspace the change happened in. */
    WorkspaceId workspace();

    /** The app whose connections changed. */
    IntegrationId integration();

    /** The connection the event is about (for promotions and default changes: the new default). */
    ConnectionId connectionId();

    /** When the change was stored, from the facade's clock. */
    Instant occurredAt();

    /** A connection was added; {@code isDefault} tells whether it became the app's default. */
    record Created(
            WorkspaceId workspace,
            IntegrationId integration,
            ConnectionId connectionId,
            String name,
            boolean isDefault,
            Instant occurredAt)
            implements ConnectionEvent {
        public Created {
            requireCommon(workspace, integration, connectionId, occurredAt);
        }
    }

    /** A connection got a new name. */
    record Renamed(
            WorkspaceId workspace,
            IntegrationId integration,
            ConnectionId connectionId,
            String oldName,
            String newName,
            Instant occurredAt)
            implements ConnectionEvent {
        public Renamed {
            requireCommon(workspace, integration, connectionId, occurredAt);
        }
    }

    /** A connection's key was replaced; the old one was destroyed. */
    record KeyReplaced(
            WorkspaceId workspace,
            IntegrationId integration,
            ConnectionId connectionId,
            String name,
            Instant occurredAt)
            implements ConnectionEvent {
        public KeyReplaced {
            requireCommon(workspace, integration, connectionId, occurredAt);
        }
    }

    /** The user made {@code connectionId} the default; {@code previousDefault} lost the badge. */
    record DefaultChanged(
            WorkspaceId workspace,
            IntegrationId integration,
            ConnectionId connectionId,
            ConnectionId previousDefault,
            Instant occurredAt)
            implements ConnectionEvent {
        public DefaultChanged {
            requireCommon(workspace, integration, connectionId, occurredAt);
            Objects.requireNonNull(previousDefault, "previousDefault");
        }
    }

    /** The default was deleted and the policy promoted {@code connectionId} in its place. */
    record DefaultPromoted(
            WorkspaceId workspace,
            IntegrationId integration,
            ConnectionId connectionId,
            ConnectionId deletedDefault,
            Instant occurredAt)
            implements ConnectionEvent {
        public DefaultPromoted {
            requireCommon(workspace, integration, connectionId, occurredAt);
            Objects.requireNonNull(deletedDefault, "deletedDefault");
        }
    }

    /** A connection was deleted for good and its key destroyed. */
    record Deleted(
            WorkspaceId workspace,
            IntegrationId integration,
            ConnectionId connectionId,
            String name,
            boolean wasDefault,
            Instant occurredAt)
            implements ConnectionEvent {
        public Deleted {
            requireCommon(workspace, integration, connectionId, occurredAt);
        }
    }

    private static void requireCommon(
            WorkspaceId workspace, IntegrationId integration, ConnectionId connectionId, Instant occurredAt) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(integration, "integration");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
