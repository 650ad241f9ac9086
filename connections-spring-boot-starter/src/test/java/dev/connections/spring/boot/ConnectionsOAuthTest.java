package dev.connections.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.Connections;
import dev.connections.error.ConnectionValidationException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.oauth.AuthorizationStart;
import dev.connections.oauth.OAuthClient;
import dev.connections.oauth.OAuthClients;
import dev.connections.oauth.OAuthProtocol;
import dev.connections.oauth2.NimbusOAuthProtocol;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code connections.oauth.*}: client registrations from properties reach the facade with connections-oauth2's
 * protocol, a host's own OAuthClients bean wins, and a typo, an app without OAuth or a missing module fails
 * startup saying which property.
 */
class ConnectionsOAuthTest {
    private static final IntegrationId SLACK = IntegrationId.of("slack");
    private static final URI REDIRECT = URI.create("https://host.example/settings/connections/oauth/callback");
    private static final String CLIENT_SECRET = "slack-client-secret-8c1d";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConnectionsAutoConfiguration.class))
            .withPropertyValues("connections.keys.text=" + TestKeys.text("k1"));

    @Test
    void clientsFromPropertiesLetAnAppBeConnectedWithNimbus() {
        runner.withPropertyValues(
                        "connections.oauth.clients.slack.client-id=1234.5678",
                        "connections.oauth.clients.slack.client-secret=" + CLIENT_SECRET,
                        "connections.oauth.refresh-margin=2m")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(OAuthProtocol.class)).isInstanceOf(NimbusOAuthProtocol.class);
                    Optional<OAuthClient> client =
                            context.getBean(OAuthClients.class).client(WorkspaceId.of("ws"), SLACK);
                    assertThat(client)
                            .hasValueSatisfying(c -> assertThat(c.clientId()).isEqualTo("1234.5678"));
                    assertThat(context.getBean(ConnectionsProperties.class).toString())
                            .doesNotContain(CLIENT_SECRET);

                    Connections connections = context.getBean(Connections.class);
                    AuthorizationStart start = connections
                            .oauth()
                            .startAuthorization(WorkspaceId.of("ws-" + UUID.randomUUID()), SLACK, "Slack", REDIRECT);
                    assertThat(start.authorizationUrl().toString())
                            .startsWith("https://slack.com/oauth/v2/authorize?")
                            .contains("client_id=1234.5678")
                            .contains("code_challenge_method=S256")
                            .doesNotContain(CLIENT_SECRET);
                });
    }

    @Test
    void withoutARegistrationTheAppCannotBeConnected() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            Connections connections = context.getBean(Connections.class);
            Assertions.assertThatThrownBy(() ->
                            connections.oauth().startAuthorization(WorkspaceId.of("ws"), SLACK, "Slack", REDIRECT))
                    .isInstanceOfSatisfying(ConnectionValidationException.class, e -> assertThat(e.fieldErrors())
                            .containsKey("integration"));
        });
    }

    @Test
    void aHostsOwnClientsBeanWins() {
        OAuthClients perWorkspace =
                (workspace, app) -> Optional.of(new OAuthClient("ws-own-" + workspace.value(), null));
        runner.withBean(OAuthClients.class, () -> perWorkspace)
                .withPropertyValues("connections.oauth.clients.slack.client-id=ignored")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    AuthorizationStart start = context.getBean(Connections.class)
                            .oauth()
                            .startAuthorization(WorkspaceId.of("acme"), SLACK, "Slack", REDIRECT);
                    assertThat(start.authorizationUrl().toString()).contains("client_id=ws-own-acme");
                });
    }

    @Test
    void anUnknownAppOrOneWithoutOAuthFailsStartupNamingTheProperty() {
        runner.withPropertyValues("connections.oauth.clients.slak.client-id=x").run(context -> assertThat(context)
                .getFailure()
                .rootCause()
                .hasMessageContaining("connections.oauth.clients.slak")
                .hasMessageContaining("no app slak"));
        runner.withPropertyValues("connections.oauth.clients.openai.client-id=x")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("connections.oauth.clients.openai")
                        .hasMessageContaining("does not declare OAuth 2.0"));
        runner.withPropertyValues("connections.oauth.clients.slack.client-secret=s")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("connections.oauth.clients.slack.client-id is required"));
    }

    @Test
    void registeringAClientWithoutConnectionsOAuth2FailsStartupSayingWhatToAdd() {
        runner.withClassLoader(new FilteredClassLoader("dev.connections.oauth2"))
                .withPropertyValues("connections.oauth.clients.slack.client-id=x")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("dev.connections:connections-oauth2"));
        runner.withClassLoader(new FilteredClassLoader("dev.connections.oauth2"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeansOfType(OAuthProtocol.class)).isEmpty();
                });
    }
}
