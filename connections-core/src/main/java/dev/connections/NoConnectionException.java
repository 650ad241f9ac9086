package dev.connections;

import dev.connections.catalog.IntegrationId;

/** Triggering an integration found no connection for it in the workspace. */
public final class NoConnectionException extends ConnectionsException {
    private static final long serialVersionUID = 1L;
    private final WorkspaceId workspace;
    private final transient IntegrationId integration;

    public NoConnectionException(WorkspaceId workspace, IntegrationId integration) {
        super("Workspace " + workspace + " has no connection for '" + integration
                + "'. Add one under Settings › Connections.");
        this.workspace = workspace;
        this.integration = integration;
    }

    public WorkspaceId workspace() {
        return workspace;
    }

    public IntegrationId integration() {
        return integration;
    }
}
