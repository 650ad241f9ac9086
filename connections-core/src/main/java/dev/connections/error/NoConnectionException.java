package dev.connections.error;

import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;

/** Triggering an integration found no connection for it in the workspace. */
public final class NoConnectionException extends ConnectionsException {
    private static final long serialVersionUID = 1L;
    private final WorkspaceId workspace;
    private final transient IntegrationId integration;

    /** The message names the workspace and the integration, so a host log says which one to set up. */
    public NoConnectionException(WorkspaceId workspace, IntegrationId integration) {
        super("Workspace " + workspace + " has no connection for '" + integration
                + "'. Add one under Settings › Connections.");
        this.workspace = workspace;
        this.integration = integration;
    }

    /** The workspace that has no connection. */
    public WorkspaceId workspace() {
        return workspace;
    }

    /** The integration that was triggered. */
    public IntegrationId integration() {
        return integration;
    }
}
