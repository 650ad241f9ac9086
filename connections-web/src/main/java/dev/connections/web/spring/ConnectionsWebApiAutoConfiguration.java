package dev.connections.web.spring;

import dev.connections.Connections;
import dev.connections.oauth.OAuthClients;
import dev.connections.spring.boot.ConnectionsAutoConfiguration;
import dev.connections.web.ConnectionsAccess;
import dev.connections.web.api.ConnectionsApi;
import dev.connections.web.spring.security.ActorResolver;
import dev.connections.web.spring.security.SpringSecurityConnectionsAccess;
import dev.connections.web.spring.security.WorkspaceResolver;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Mounts the JSON API under {@code connections.web.api-path} and decides who may use it: the host's {@link
 * ConnectionsAccess} bean; without one, with Spring Security and a {@link WorkspaceResolver} bean, {@link
 * SpringSecurityConnectionsAccess}; without either, an access that refuses every request (401) and says at
 * startup what to define. Apps are offered for OAuth 2.0 where the host's {@link OAuthClients} bean has a client
 * (none without that bean); the OAuth callback is mounted at {@code {api}/oauth/callback}.
 */
@AutoConfiguration(after = {ConnectionsAutoConfiguration.class, ConnectionsWebAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = "connections.web", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnBean(Connections.class)
@EnableConfigurationProperties(ConnectionsWebProperties.class)
public class ConnectionsWebApiAutoConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsWebApiAutoConfiguration.class);

    /** The Spring Security access, when the host has Spring Security, says how to find workspaces and has no access of its own. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.core.Authentication")
    static class SpringSecurityAccessConfiguration {
        @Bean
        @ConditionalOnMissingBean(ConnectionsAccess.class)
        @ConditionalOnBean(WorkspaceResolver.class)
        SpringSecurityConnectionsAccess connectionsAccess(
                WorkspaceResolver workspaces, ObjectProvider<ActorResolver> actors) {
            return new SpringSecurityConnectionsAccess(workspaces, actors.getIfUnique(() -> ActorResolver.BY_NAME));
        }
    }

    /** Deny by default: without an access of the host's, nobody is let in. */
    @Bean
    @ConditionalOnMissingBean(ConnectionsAccess.class)
    ConnectionsAccess connectionsAccessRefusingEveryone() {
        LOG.warn("The Connections page and API refuse every request (401): there is no ConnectionsAccess bean."
                + " Define one that says, from the request's principal, the workspace, the actor and the allowed"
                + " actions; with Spring Security, defining a WorkspaceResolver bean is enough (actions from"
                + " CONNECTIONS_VIEW / CONNECTIONS_MANAGE authorities). See docs/WEB.md.");
        return request -> Optional.empty();
    }

    @Bean
    @ConditionalOnMissingBean
    ConnectionsApi connectionsApi(Connections connections, ObjectProvider<OAuthClients> oauthClients) {
        // Apps are offered for OAuth where the host's registrations (an OAuthClients bean) have a client; a host
        // without them shows no "Connect with" that could only fail.
        return new ConnectionsApi(connections, oauthClients.getIfUnique(() -> OAuthClients.NONE));
    }

    @Bean
    ConnectionsApiController connectionsApiController(ConnectionsApi api, ConnectionsWebProperties properties) {
        return new ConnectionsApiController(api, mountPath(properties.getApiPath()));
    }

    @Bean
    ConnectionsOAuthCallbackController connectionsOAuthCallbackController(
            ConnectionsApi api, ConnectionsAccess access, ConnectionsWebProperties properties) {
        return new ConnectionsOAuthCallbackController(api, access, PagePaths.trimmed(properties.getPath()));
    }

    @Bean
    ConnectionsApiDocumentController connectionsApiDocumentController(ConnectionsWebProperties properties) {
        return new ConnectionsApiDocumentController(mountPath(properties.getApiPath()));
    }

    @Bean
    ConnectionsApiProblems connectionsApiProblems() {
        return new ConnectionsApiProblems();
    }

    /** {@code path} with one leading slash and none trailing, as request mappings read it. */
    static String mountPath(String path) {
        String stripped = path.strip().replaceAll("^/+|/+$", "");
        return "/" + stripped;
    }

    /** Hands handlers their {@link dev.connections.web.Caller}. */
    @Bean
    WebMvcConfigurer connectionsCallerResolver(ConnectionsAccess access) {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver(access));
            }
        };
    }
}
