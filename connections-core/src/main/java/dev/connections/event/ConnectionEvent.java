package dev.connections.event;

import dev.connections.id.Actor;
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

    /** Who made the change: the actor of {@code Connections.as(actor)}, or {@link Actor#SYSTEM}. */
    Actor actor();

    /** This event, made by {@code actor}. */
    ConnectionEvent by(Actor actor);

    /** A connection was added; {@code isDefault} tells whether it became the app's default. */
    record Created(
            WorkspaceId workspace,
            IntegrationId integration,
            ConnectionId connectionId,
            String name,
            boolean isDefault,
            Instant occurredAt,
            Actor actor)
            implements ConnectionEvent {
        public Created {
            requireCommon(workspace, integration, connectionId, occurredAt);
            Objects.requireNonNull(actor, "actor");
        }

        /** The event made by {@link Actor#SYSTEM}. */
        public Created(
                WorkspaceId workspace,
                IntegrationId integration,
                ConnectionId connectionId,
                String name,
                boolean isDefault,
                Instant occurredAt) {
            this(workspace, integration, connectionId, name, isDefault, occurredAt, Actor.SYSTEM);
        }

        @Override
        public Created by(Actor actor) {
            return new Created(workspace, integration, connectionId, name, isDefault, occurredAt, actor);
        }
    }

    /** A connection got a new name. */
    record Renamed(
            WorkspaceId workspace,
            IntegrationId integration,
            ConnectionId connectionId,
            String oldName,
            String newName,
            Instant occurredAt,
            Actor actor)
            implements ConnectionEvent {
        public Renamed {
            requireCommon(workspace, integration, connectionId, occurredAt);
            Objects.requireNonNull(actor, "actor");
        }

        /** The event made by {@link Actor#SYSTEM}. */
        public Renamed(
                WorkspaceId workspace,
                IntegrationId integration,
                ConnectionId connectionId,
                String oldName,
                String newName,
                Instant occurredAt) {
            this(workspace, integration, connectionId, oldName, newName, occurredAt, Actor.SYSTEM);
        }

        @Override
        public Renamed by(Actor actor) {
            return new Renamed(workspace, integration, connectionId, oldName, newName, occurredAt, actor);
        }
    }

    /** A connection's key was replaced; the old one was destroyed. */
    record KeyReplaced(
            WorkspaceId workspace,
            IntegrationId integration,
            ConnectionId connectionId,
            String name,
            Instant occurredAt,
            Actor actor)
            implements ConnectionEvent {
        public KeyReplaced {
            requireCommon(workspace, integration, connectionId, occurredAt);
            Objects.requireNonNull(actor, "actor");
        }

        /** The event made by {@link Actor#SYSTEM}. */
        public KeyReplaced(
                WorkspaceId workspace,
                IntegrationId integration,
                ConnectionId connectionId,
                String name,
                Instant occurredAt) {
            this(workspace, integration, connectionId, name, occurredAt, Actor.SYSTEM);
        }

        @Override
        public KeyReplaced by(Actor actor) {
            return new KeyReplaced(workspace, integration, connectionId, name, occurredAt, actor);
        }
    }

    /** The user made {@code connectionId} the default; {@code previousDefault} lost the badge. */
    record DefaultChanged(
            WorkspaceId workspace,
            IntegrationId integration,
            ConnectionId connectionId,
            ConnectionId previousDefault,
            Instant occurredAt,
            Actor actor)
            implements ConnectionEvent {
        public DefaultChanged {
            requireCommon(workspace, integration, connectionId, occurredAt);
            Objects.requireNonNull(previousDefault, "previousDefault");
            Objects.requireNonNull(actor, "actor");
        }

        /** The event made by {@link Actor#SYSTEM}. */
        public DefaultChanged(
                WorkspaceId workspace,
                IntegrationId integration,
                ConnectionId connectionId,
                ConnectionId previousDefault,
                Instant occurredAt) {
            this(workspace, integration, connectionId, previousDefault, occurredAt, Actor.SYSTEM);
        }

        @Override
        public DefaultChanged by(Actor actor) {
            return new DefaultChanged(workspace, integration, connectionId, previousDefault, occurredAt, actor);
        }
    }

    /** The default was deleted and the policy promoted {@code connectionId} in its place. */
    record DefaultPromoted(
            WorkspaceId workspace,
            IntegrationId integration,
            ConnectionId connectionId,
            ConnectionId deletedDefault,
            Instant occurredAt,
            Actor actor)
            implements ConnectionEvent {
        public DefaultPromoted {
            requireCommon(workspace, integration, connectionId, occurredAt);
            Objects.requireNonNull(deletedDefault, "deletedDefault");
            Objects.requireNonNull(actor, "actor");
        }

        /** The event made by {@link Actor#SYSTEM}. */
        public DefaultPromoted(
                WorkspaceId workspace,
                IntegrationId integration,
                ConnectionId connectionId,
                ConnectionId deletedDefault,
                Instant occurredAt) {
            this(workspace, integration, connectionId, deletedDefault, occurredAt, Actor.SYSTEM);
        }

        @Override
        public DefaultPromoted by(Actor actor) {
            return new DefaultPromoted(workspace, integration, connectionId, deletedDefault, occurredAt, actor);
        }
    }

    /** A connection was deleted for good and its key destroyed. */
    record Deleted(
            WorkspaceId workspace,
            IntegrationId integration,
            ConnectionId connectionId,
            String name,
            boolean wasDefault,
            Instant occurredAt,
            Actor actor)
            implements ConnectionEvent {
        public Deleted {
            requireCommon(workspace, integration, connectionId, occurredAt);
            Objects.requireNonNull(actor, "actor");
        }

        /** The event made by {@link Actor#SYSTEM}. */
        public Deleted(
                WorkspaceId workspace,
                IntegrationId integration,
                ConnectionId connectionId,
                String name,
                boolean wasDefault,
                Instant occurredAt) {
            this(workspace, integration, connectionId, name, wasDefault, occurredAt, Actor.SYSTEM);
        }

        @Override
        public Deleted by(Actor actor) {
            return new Deleted(workspace, integration, connectionId, name, wasDefault, occurredAt, actor);
        }
    }

    /**
     * The provider refused the connection's grant ({@code invalid_grant}, revoked by the user or the provider):
     * it is kept, flagged "needs reconnect", and triggering it fails until someone reconnects it.
     *
     * @param reason the provider's error code, e.g. {@code invalid_grant}
     */
    record ReconnectNeeded(
            WorkspaceId workspace,
            IntegrationId integration,
            ConnectionId connectionId,
            String name,
            String reason,
            Instant occurredAt,
            Actor actor)
            implements ConnectionEvent {
        public ReconnectNeeded {
            requireCommon(workspace, integration, connectionId, occurredAt);
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(actor, "actor");
        }

        @Override
        public ReconnectNeeded by(Actor actor) {
            return new ReconnectNeeded(workspace, integration, connectionId, name, reason, occurredAt, actor);
        }
    }

    /** An OAuth connection got new tokens from a new authorization; its id, name and default badge stayed. */
    record Reconnected(
            WorkspaceId workspace,
            IntegrationId integration,
            ConnectionId connectionId,
            String name,
            Instant occurredAt,
            Actor actor)
            implements ConnectionEvent {
        public Reconnected {
            requireCommon(workspace, integration, connectionId, occurredAt);
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(actor, "actor");
        }

        @Override
        public Reconnected by(Actor actor) {
            return new Reconnected(workspace, integration, connectionId, name, occurredAt, actor);
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
