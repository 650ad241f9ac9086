package dev.connections.examples;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.connection.ConnectedApp;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.connection.ResolvedConnection;
import dev.connections.crypto.KeyRing;
import dev.connections.error.NoConnectionException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.inmemory.InMemoryConnectionRepository;
import dev.connections.inmemory.InMemorySecretStore;
import dev.connections.secret.Secret;
import java.io.PrintStream;

/**
 * The README's quick start: the whole Settings › Connections story (B1–B8) in memory, printed to the
 * console.
 *
 * <p>Run with {@code mvn -q -pl examples -am -Pquickstart process-classes} (no install needed).
 */
public final class QuickStart {
    private QuickStart() {}

    public static void main(String[] args) {
        run(System.out);
    }

    static void run(PrintStream out) {
        WorkspaceId acme = WorkspaceId.of("acme");
        IntegrationId openai = IntegrationId.of("openai");

        try (Connections connections = ConnectionsBuilder.newBuilder()
                .repository(new InMemoryConnectionRepository())
                .secretStore(new InMemorySecretStore())
                .keyRing(KeyRing.generateForDevelopment())
                .build()) {

            out.println("B2  Explore all integrations, search \"hub spot\": "
                    + connections
                            .exploreIntegrations(acme, "hub spot")
                            .get(0)
                            .integration()
                            .displayName());

            Connection main =
                    connections.addConnection(acme, openai, "Our main key", Secret.of("sk-proj-main-0000000001a2b"));
            Connection backup =
                    connections.addConnection(acme, openai, "Backup key", Secret.of("sk-proj-backup-000000009z8y"));
            Connection crm = connections.addCustomConnection(
                    acme,
                    CustomConnectionSpec.builder()
                            .appName("Acme CRM")
                            .baseUrl("https://crm.acme.example/api")
                            .header("X-Api-Key", "")
                            .connectionName("Production")
                            .apiKey(Secret.of("crm-secret-77f3"))
                            .build());
            out.println("B4  Custom connection \"" + crm.name() + "\" to Acme CRM (app id " + crm.integration()
                    + "), key " + crm.keyHint());

            out.println("B1  Your connected apps:");
            for (ConnectedApp app : connections.connectedApps(acme)) {
                int n = app.connectionCount();
                out.println("      " + app.displayName() + " (" + n + (n == 1 ? " connection)" : " connections)"));
            }
            printConnections(out, "B3  OpenAI connections:", connections, acme, openai);

            connections.setDefault(acme, backup.id());
            printConnections(out, "B6  After \"Set as default\" on Backup key:", connections, acme, openai);

            // Losing the badge changed "Our main key" too: edit the version as it is now.
            Connection mainNow = connections.connection(acme, main.id()).orElseThrow();
            Connection renamed = connections.editConnection(
                    acme, mainNow.id(), ConnectionEdit.rename(mainNow.version(), "Old main key"));
            connections.editConnection(
                    acme,
                    renamed.id(),
                    ConnectionEdit.replaceApiKey(renamed.version(), Secret.of("sk-proj-rotated-00000000c3d4")));
            printConnections(out, "B5  After rename and key replacement:", connections, acme, openai);

            ResolvedConnection resolved = connections.resolveDefault(acme, openai);
            out.println("B8  Triggering OpenAI uses \"" + resolved.connection().name() + "\", key "
                    + resolved.connection().keyHint() + ", sent as "
                    + resolved.placement().describe()
                    + " (plain key length " + resolved.withKey(Secret::length) + ")");

            Connection backupNow = connections.connection(acme, backup.id()).orElseThrow();
            connections.deleteConnection(acme, backupNow.id(), backupNow.version());
            printConnections(
                    out,
                    "B7  After deleting the default, the oldest remaining is promoted:",
                    connections,
                    acme,
                    openai);

            try {
                connections.resolveDefault(WorkspaceId.of("globex"), openai);
            } catch (NoConnectionException e) {
                out.println("B8  Another workspace sees nothing: " + e.getMessage());
            }
        }
    }

    private static void printConnections(
            PrintStream out, String title, Connections connections, WorkspaceId workspace, IntegrationId app) {
        out.println(title);
        for (Connection c : connections.connections(workspace, app)) {
            out.println("      " + c.name() + "  " + c.keyHint() + (c.isDefault() ? "  [Default]" : ""));
        }
    }
}
