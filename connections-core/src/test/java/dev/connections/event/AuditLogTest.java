package dev.connections.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.connection.InvisibleCharacters;
import dev.connections.crypto.LogCapture;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The audit log shows every stored name, including ones stored before the name rules, on one safe line. */
class AuditLogTest {
    private static final WorkspaceId WS = WorkspaceId.of("w1");
    private static final IntegrationId APP = IntegrationId.of("alpha");

    private final AuditLog audit = new AuditLog();

    @Example
    void bidiControlsAndQuotesAreEscaped() {
        String line = logged("Prod\u202Eyek\" default=true \u2028x");
        assertThat(line)
                .isEqualTo("connection.renamed workspace=w1 integration=alpha connection=%s"
                                .formatted(line.split("connection=")[1].split(" ")[0])
                        + " from=\"old\" to=\"Prod\\u202Eyek\\\" default=true \\u2028x\" by=system");
    }

    @Property
    void noAuditLineCarriesAnInvisibleOrLineBreakingCharacter(@ForAll("anyName") String name) {
        String line = logged(name);
        assertThat(line.codePoints().filter(InvisibleCharacters::is)).as(line).isEmpty();
        // The name cannot close its quotes early and forge fields after it.
        assertThat(line).endsWith("\" by=system");
        String quoted = line.substring(line.indexOf("to=\"") + 4, line.length() - " by=system".length());
        assertThat(quoted.replace("\\\\", "").replace("\\\"", ""))
                .containsOnlyOnce("\"")
                .endsWith("\"");
    }

    @Provide
    Arbitrary<String> anyName() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.strings()
                        .withChars("ab \"\\\u202E\u200B\u2028\u0085\uFEFF\u00AD\uD800\uDC00")
                        .ofMaxLength(20));
    }

    private String logged(String name) {
        try (LogCapture logs = new LogCapture()) {
            audit.onEvent(new ConnectionEvent.Renamed(WS, APP, ConnectionId.random(), "old", name, Instant.EPOCH));
            return logs.lines().stream()
                    .filter(l -> l.startsWith("INFO connection.renamed"))
                    .findFirst()
                    .orElseThrow()
                    .substring("INFO ".length());
        }
    }
}
