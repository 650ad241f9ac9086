package dev.connections.error;

import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;

/**
 * A custom app's stored base URL is refused by the current {@code BaseUrlPolicy}, so its key is not handed
 * out for triggering: the app was saved by an older version or under a looser policy.
 *
 * <p>The message names the app, the workspace and the rule, e.g. {@code The custom app "Acme CRM"
 * (custom-acme-crm-1a2b3c4d) of workspace w1 cannot be triggered: The base URL must point to a public
 * address; 10.0.0.5 is a private network address. …}.
 */
public final class BaseUrlRefusedException extends ConnectionsException {
    private static final long serialVersionUID = 1L;
    private final WorkspaceId workspace;
    private final transient IntegrationId integration;

    /**
     * @param appName the app's name, already made safe for one line of text
     * @param problem the policy's sentence saying which rule refuses the URL
     */
    public BaseUrlRefusedException(WorkspaceId workspace, IntegrationId integration, String appName, String problem) {
        super("The custom app \"" + appName + "\" (" + integration + ") of workspace " + workspace
                + " cannot be triggered: " + problem + " Its base URL was saved under an earlier, looser policy."
                + " Add the app again under another name with an allowed base URL and move its connections there,"
                + " or allow the address with BaseUrlPolicy.allowing(...).");
        this.workspace = workspace;
        this.integration = integration;
    }

    /** The workspace the app belongs to. */
    public WorkspaceId workspace() {
        return workspace;
    }

    /** The refused custom app. */
    public IntegrationId integration() {
        return integration;
    }
}
