package dev.connections.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.id.IntegrationId;
import dev.connections.secret.Secret;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The inputs that carry a plain key are the values a host is most likely to log. */
class RequestToStringTest {
    private static final String KEY = "sk-canary-7f3a9c2e5b1d";

    @Test
    void newConnectionNamesItsFieldsButNotTheKey() {
        var request =
                new NewConnection(IntegrationId.of("notion"), "Main key", Secret.of(KEY), Map.of("version", "2022"));

        assertThat(request.toString())
                .doesNotContain(KEY)
                .doesNotContain("5b1d")
                .contains("notion", "Main key", "version=2022", "apiKey=(hidden)");
    }

    @Test
    void connectionEditSaysOnlyWhetherTheKeyIsReplaced() {
        assertThat(ConnectionEdit.of(3, "Renamed", Secret.of(KEY)).toString())
                .doesNotContain(KEY)
                .contains("Renamed", "replaced");
        assertThat(ConnectionEdit.rename(3, "Renamed").toString()).contains("unchanged");
    }

    @Test
    void customSpecNamesTheAppButNotTheKey() {
        var spec = CustomConnectionSpec.builder()
                .appName("Acme CRM")
                .baseUrl("https://api.acme.test")
                .connectionName("Prod")
                .apiKey(Secret.of(KEY))
                .build();

        assertThat(spec.toString()).doesNotContain(KEY).contains("Acme CRM", "Prod");
    }
}
