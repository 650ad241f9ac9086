package dev.connections.web.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.id.Actor;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.oauth.OAuthClient;
import dev.connections.oauth.OAuthClients;
import dev.connections.spring.boot.ConnectionsAutoConfiguration;
import dev.connections.web.Caller;
import dev.connections.web.ConnectionsAccess;
import dev.connections.web.WebAction;
import dev.connections.web.api.ConnectionsApi;
import dev.connections.web.spring.security.ActorResolver;
import dev.connections.web.spring.security.SpringSecurityConnectionsAccess;
import dev.connections.web.spring.security.WorkspaceResolver;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/** Which ConnectionsAccess the auto-configuration sets up, and that the API can be switched off. */
@ExtendWith(OutputCaptureExtension.class)
class ConnectionsWebApiAutoConfigurationTest {
    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ConnectionsAutoConfiguration.class,
                    ConnectionsWebAutoConfiguration.class,
                    ConnectionsWebApiAutoConfiguration.class))
            .withPropertyValues("connections.keys.text=" + ApiTestApplication.keyRing());

    @Test
    void withoutAnyAccessEveryRequestIsRefusedAndStartupSaysWhatToDefine(CapturedOutput output) {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ConnectionsAccess.class);
            assertThat(context).doesNotHaveBean(SpringSecurityConnectionsAccess.class);
            assertThat(context.getBean(ConnectionsAccess.class).caller(new MockHttpServletRequest()))
                    .isEmpty();
            assertThat(output)
                    .contains("WARN")
                    .contains("no ConnectionsAccess bean")
                    .contains("WorkspaceResolver");
        });
    }

    @Test
    void withoutSpringSecurityAWorkspaceResolverCannotHelpAndEveryoneIsRefused() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .run(context -> {
                    assertThat(context).hasSingleBean(ConnectionsAccess.class);
                    assertThat(context.getBean(ConnectionsAccess.class).caller(new MockHttpServletRequest()))
                            .isEmpty();
                });
    }

    @Test
    void appsAreOfferedForOAuthWhereTheHostsOAuthClientsBeanHasAClientAndTheCallbackIsMounted() {
        Caller viewer = new Caller(WorkspaceId.of("acme"), Actor.of("alice", "Alice"), Set.of(WebAction.VIEW));
        runner.run(context -> {
            assertThat(context).hasSingleBean(ConnectionsOAuthCallbackController.class);
            assertThat(context.getBean(ConnectionsApi.class)
                            .integration(viewer, "slack")
                            .oauth())
                    .as("no OAuthClients bean: nothing offered")
                    .isNull();
        });
        runner.withBean(
                        OAuthClients.class,
                        () -> OAuthClients.perApp(Map.of(IntegrationId.of("slack"), OAuthClient.of("id", "secret"))))
                .run(context -> {
                    ConnectionsApi api = context.getBean(ConnectionsApi.class);
                    assertThat(api.integration(viewer, "slack").oauth()).isNotNull();
                    assertThat(api.integration(viewer, "slack").oauth().grants())
                            .contains("AUTHORIZATION_CODE");
                    assertThat(api.integration(viewer, "github").oauth())
                            .as("no client for it")
                            .isNull();
                });
    }

    @Test
    void aWorkspaceResolverSetsUpTheSpringSecurityAccess() {
        runner.withBean(WorkspaceResolver.class, () -> authentication -> Optional.of(WorkspaceId.of("acme")))
                .withBean(ActorResolver.class, () -> authentication -> Actor.of("u-1", "Alice Doe"))
                .run(context -> {
                    assertThat(context).hasSingleBean(SpringSecurityConnectionsAccess.class);
                    var authentication = new TestingAuthenticationToken("alice", "n/a", "CONNECTIONS_VIEW");
                    SecurityContextHolder.getContext().setAuthentication(authentication);
                    try {
                        Caller caller = context.getBean(ConnectionsAccess.class)
                                .caller(new MockHttpServletRequest())
                                .orElseThrow();
                        assertThat(caller.workspace()).isEqualTo(WorkspaceId.of("acme"));
                        assertThat(caller.actor()).isEqualTo(Actor.of("u-1", "Alice Doe"));
                        assertThat(caller.allowed()).containsExactly(WebAction.VIEW);
                    } finally {
                        SecurityContextHolder.clearContext();
                    }
                });
    }

    @Test
    void theHostsOwnAccessWins() {
        ConnectionsAccess own = request ->
                Optional.of(new Caller(WorkspaceId.of("own"), Actor.of("host", "Host"), Set.of(WebAction.VIEW)));
        runner.withBean(WorkspaceResolver.class, () -> authentication -> Optional.of(WorkspaceId.of("acme")))
                .withBean(ConnectionsAccess.class, () -> own)
                .run(context -> {
                    assertThat(context).hasSingleBean(ConnectionsAccess.class);
                    assertThat(context.getBean(ConnectionsAccess.class)).isSameAs(own);
                });
    }

    @Test
    void disabledMountsNoApi() {
        runner.withPropertyValues("connections.web.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(ConnectionsApiController.class);
            assertThat(context).doesNotHaveBean(ConnectionsAccess.class);
        });
        runner.run(context -> assertThat(context).hasSingleBean(ConnectionsApiController.class));
    }

    @Test
    void authoritiesAllowTheirActionsOnly() {
        assertThat(SpringSecurityConnectionsAccess.allowed(
                        new TestingAuthenticationToken("u", "p", "CONNECTIONS_MANAGE").getAuthorities()))
                .containsExactlyInAnyOrder(WebAction.values());
        assertThat(SpringSecurityConnectionsAccess.allowed(
                        new TestingAuthenticationToken("u", "p", "ROLE_CONNECTIONS_TEST", "CONNECTIONS_SET_DEFAULT")
                                .getAuthorities()))
                .containsExactlyInAnyOrder(WebAction.TEST, WebAction.SET_DEFAULT);
        assertThat(SpringSecurityConnectionsAccess.allowed(
                        new TestingAuthenticationToken("u", "p", "ROLE_ADMIN", "CONNECTIONS_", "CONNECTIONS_VIEWER")
                                .getAuthorities()))
                .isEmpty();
    }

    @Test
    void anAnonymousOrUnnameableUserHasNoCaller() {
        var access = new SpringSecurityConnectionsAccess(authentication -> Optional.of(WorkspaceId.of("acme")));
        assertThat(access.caller(new MockHttpServletRequest())).isEmpty();
        SecurityContextHolder.getContext()
                .setAuthentication(new TestingAuthenticationToken("name with spaces", "p", "CONNECTIONS_VIEW"));
        try {
            assertThat(access.caller(new MockHttpServletRequest())).isEmpty();
            var badWorkspace = new SpringSecurityConnectionsAccess(authentication -> Optional.of(WorkspaceId.of("")));
            SecurityContextHolder.getContext()
                    .setAuthentication(new TestingAuthenticationToken("alice", "p", "CONNECTIONS_VIEW"));
            assertThat(badWorkspace.caller(new MockHttpServletRequest())).isEmpty();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
