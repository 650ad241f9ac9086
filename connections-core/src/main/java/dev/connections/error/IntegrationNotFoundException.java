package dev.connections.error;

import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;

/** An integration id that is neither in the catalog nor a custom app of the workspace. */
public final class IntegrationNotFoundException extends ConnectionsException {
    private static final long serialVersionUID = 1L;
    private final transient IntegrationId integrationId;

    /** The message names the id and the workspace the caller asked about. */
    public IntegrationNotFoundException(WorkspaceId workspace, IntegrationId integrationId) {
        super("Integration '" + integrationId + "' is not available in workspace " + workspace + ".");
        this.integrationId = integrationId;
    }

    /** The id that was asked for. */
    public IntegrationId integrationId() {
        return integrationId;
    }
}
