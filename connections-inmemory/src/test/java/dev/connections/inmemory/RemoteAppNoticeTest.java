package dev.connections.inmemory;

import static dev.connections.inmemory.CacheTestSupport.OPENAI;
import static dev.connections.inmemory.CacheTestSupport.SLACK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.Connections;
import dev.connections.cache.InProcessChangeFeed;
import dev.connections.cache.ResolutionStats;
import dev.connections.connection.Connection;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A write on one instance drops exactly the written app's entry on the other, not the workspace's. */
class RemoteAppNoticeTest {
    private static final WorkspaceId ACME = WorkspaceId.of("acme");

    @Test
    void anotherInstanceDropsOnlyTheChangedAppAndSeesTheNewDefault() {
        InMemoryConnectionRepository repository = new InMemoryConnectionRepository();
        InMemorySecretStore secrets = new InMemorySecretStore();
        InProcessChangeFeed hub = new InProcessChangeFeed();
        // Entries live for 10 minutes: only the notice can make B see A's change in this test.
        try (Connections a = CacheTestSupport.over(repository, secrets)
                        .changeFeed(hub.endpoint())
                        .cacheMaxStaleness(Duration.ofMinutes(10))
                        .build();
                Connections b = CacheTestSupport.over(repository, secrets)
                        .changeFeed(hub.endpoint())
                        .cacheMaxStaleness(Duration.ofMinutes(10))
                        .build()) {
            a.addConnection(ACME, OPENAI, "Main", Secret.of("openai-main-key"));
            Connection backup = a.addConnection(ACME, OPENAI, "Backup", Secret.of("openai-backup-key"));
            a.addConnection(ACME, SLACK, "Bot", Secret.of("slack-bot-key"));
            b.resolveDefault(ACME, OPENAI);
            b.resolveDefault(ACME, SLACK);
            ResolutionStats warm = b.maintenance().cacheStats();

            a.setDefault(ACME, backup.id());

            assertThat(b.resolveDefault(ACME, SLACK).connection().name()).isEqualTo("Bot");
            assertThat(b.maintenance().cacheStats().hitCount())
                    .as("Slack's entry survived")
                    .isEqualTo(warm.hitCount() + 1);
            assertThat(b.resolveDefault(ACME, OPENAI).connection().name()).isEqualTo("Backup");
            assertThat(b.maintenance().cacheStats().missCount())
                    .as("OpenAI's entry was dropped")
                    .isEqualTo(warm.missCount() + 1);
        }
    }
}
