package dev.connections.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.connection.BaseUrlPolicy;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.error.ConnectionValidationException;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The builder's BaseUrlPolicy is what addCustomConnection applies, and what the facade offers the host. */
class BaseUrlPolicyWiringTest {
    private static final WorkspaceId WS = WorkspaceId.of("acme-corp");

    private static Connections facade(@Nullable BaseUrlPolicy policy) {
        var builder = ConnectionsBuilder.newBuilder()
                .repository(new InMemoryConnectionRepository())
                .secretStore(new InMemorySecretStore())
                .catalog(EncryptionTestSupport.catalog())
                .keyRing(EncryptionTestSupport.ring("k1"));
        return (policy == null ? builder : builder.baseUrlPolicy(policy)).build();
    }

    private static CustomConnectionSpec spec(String baseUrl) {
        return CustomConnectionSpec.builder()
                .appName("Vault")
                .baseUrl(baseUrl)
                .header("X-Api-Key", "")
                .connectionName("Main")
                .apiKey(Secret.of("vault-key-123456"))
                .build();
    }

    @Test
    @DisplayName("by default an internal base URL is a field error on baseUrl and nothing is stored")
    void defaultRefusesInternal() {
        try (Connections connections = facade(null)) {
            assertThat(connections.maintenance().baseUrlPolicy()).isSameAs(BaseUrlPolicy.defaults());
            assertThatThrownBy(() -> connections.addCustomConnection(WS, spec("https://10.0.0.5/v1")))
                    .isInstanceOfSatisfying(ConnectionValidationException.class, e -> {
                        assertThat(e.fieldErrors()).containsOnlyKeys("baseUrl");
                        assertThat(e.fieldErrors().get("baseUrl"))
                                .containsExactly("The base URL must point to a public address; 10.0.0.5 is a"
                                        + " private network address.");
                    });
            assertThat(connections.connectedApps(WS)).isEmpty();
        }
    }

    @Test
    @DisplayName("an allow-listed on-premises host is accepted, and the facade hands the same policy to the host")
    void allowListAccepts() {
        BaseUrlPolicy policy = BaseUrlPolicy.allowing("vault.corp.internal", "10.0.0.0/8");
        try (Connections connections = facade(policy)) {
            assertThat(connections.addCustomConnection(WS, spec("https://vault.corp.internal/v1")))
                    .isNotNull();
            assertThat(connections.maintenance().baseUrlPolicy()).isSameAs(policy);
        }
    }
}
