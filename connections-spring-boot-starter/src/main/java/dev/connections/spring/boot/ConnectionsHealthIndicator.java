package dev.connections.spring.boot;

import dev.connections.Connections;
import dev.connections.crypto.KeyUsageCounter;
import dev.connections.crypto.KeyUsageLimits;
import dev.connections.id.WorkspaceId;
import dev.connections.spi.ChangeFeed;
import dev.connections.spi.KeyProvider;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code connections} health: DOWN when storage cannot be read (or the JDBC schema is missing), with
 * details on the change feed and the keys past their usage warning. Details name no workspace and no
 * secret: a probe reads a workspace of its own, and failures show their exception type only.
 */
public final class ConnectionsHealthIndicator extends AbstractHealthIndicator {
    /** A workspace no host uses: the probe's read touches storage and finds nothing. */
    static final WorkspaceId PROBE = WorkspaceId.of("connections-health-probe");

    private final Connections connections;
    private final @Nullable SchemaVersions schema;
    private final @Nullable ChangeFeed changeFeed;
    private final KeyProvider keyProvider;
    private final KeyUsageCounter keyUsage;
    private final KeyUsageLimits limits;

    /** Built by the auto-configuration; {@code schema} and {@code changeFeed} are null when there are none. */
    ConnectionsHealthIndicator(
            Connections connections,
            @Nullable SchemaVersions schema,
            @Nullable ChangeFeed changeFeed,
            KeyProvider keyProvider,
            KeyUsageCounter keyUsage,
            KeyUsageLimits limits) {
        super("Connections health check failed");
        this.connections = connections;
        this.schema = schema;
        this.changeFeed = changeFeed;
        this.keyProvider = keyProvider;
        this.keyUsage = keyUsage;
        this.limits = limits;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        try {
            connections.connectedApps(PROBE);
        } catch (RuntimeException e) {
            builder.down()
                    .withDetail("storage", "unreachable")
                    .withDetail("error", e.getClass().getName());
            return;
        }
        builder.up().withDetail("storage", "reachable");
        if (schema != null) {
            int current = schema.current();
            int latest = schema.latest();
            builder.withDetail("schemaVersion", current).withDetail("latestSchemaVersion", latest);
            if (current < latest) {
                builder.down()
                        .withDetail(
                                "schema",
                                "not current: set connections.jdbc.initialize-schema=always or apply the scripts"
                                        + " (docs/JDBC.md)");
            }
        }
        builder.withDetail("changeFeed", changeFeedDetails());
        List<String> pastWarning = keyProvider.keyRing().keyIds().stream()
                .filter(id -> keyUsage.count(id) >= limits.warnAt())
                .sorted()
                .toList();
        builder.withDetail("keysPastUsageWarning", pastWarning);
    }

    private Map<String, Object> changeFeedDetails() {
        if (changeFeed == null) {
            return Map.of("type", "none");
        }
        return JdbcFeedDetails.of(changeFeed)
                .or(() -> BrokerFeedDetails.of(changeFeed))
                .orElseGet(() -> Map.of("type", changeFeed.getClass().getSimpleName()));
    }
}
