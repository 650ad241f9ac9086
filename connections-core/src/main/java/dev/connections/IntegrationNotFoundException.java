package dev.connections;

import dev.connections.catalog.IntegrationId;

/** An integration id that is neither in the catalog nor a custom app of the workspace. */
public final class IntegrationNotFoundException extends ConnectionsException {
    private static final long serialVersionUID = 1L;
    private final transient IntegrationId integrationId;

    public IntegrationNotFoundException(WorkspaceId workspace, IntegrationId integrationId) {
        super("Integration '" + integrationId + "' is not available in workspace " + workspace + ".");
        this.integrationId = integrationId;
    }

    public IntegrationId integrationId() {
        return integrationId;
    }
}
