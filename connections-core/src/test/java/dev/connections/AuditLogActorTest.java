package dev.connections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.crypto.LogCapture;
import dev.connections.event.AuditLog;
import dev.connections.event.ConnectionEvent;
import dev.connections.id.Actor;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Audit lines end with who made the change. */
class AuditLogActorTest {
    @Test
    void auditLinesNameTheActorOrTheSystem() {
        ConnectionEvent created = new ConnectionEvent.Created(
                WorkspaceId.of("acme"),
                IntegrationId.of("openai"),
                ConnectionId.random(),
                "Main",
                true,
                Instant.parse("2026-11-29T09:00:00Z"));
        try (LogCapture logs = new LogCapture()) {
            new AuditLog().onEvent(created);
            new AuditLog().onEvent(created.by(Actor.of("user-42", "Ada Lovelace")));
            assertThat(logs.at("INFO"))
                    .filteredOn(line -> line.contains("connection.created"))
                    .satisfiesExactly(line -> assertThat(line).endsWith(" by=system"), line -> assertThat(line)
                            .endsWith(" by=user-42"));
        }
    }
}
