package dev.connections.web.spring.security;

import dev.connections.id.Actor;
import dev.connections.id.WorkspaceId;
import dev.connections.web.Caller;
import dev.connections.web.ConnectionsAccess;
import dev.connections.web.WebAction;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * {@link ConnectionsAccess} over Spring Security's {@link Authentication}: anonymous or unauthenticated
 * requests have no caller (401); the workspace comes from the host's {@link WorkspaceResolver}, the actor
 * from an {@link ActorResolver} (the principal's name by default), and the actions from the user's
 * authorities, deny by default:
 *
 * <ul>
 *   <li>{@value #VIEW} allows {@link WebAction#VIEW};
 *   <li>{@value #MANAGE} allows every action, viewing included;
 *   <li>{@code CONNECTIONS_} + an action's name ({@code CONNECTIONS_ADD}, {@code CONNECTIONS_EDIT}, {@code
 *       CONNECTIONS_SET_DEFAULT}, {@code CONNECTIONS_DELETE}, {@code CONNECTIONS_TEST}) allows that action.
 * </ul>
 *
 * Each is also recognised with Spring Security's {@code ROLE_} prefix, so {@code roles("CONNECTIONS_VIEW")}
 * works as {@code authorities("CONNECTIONS_VIEW")} does.
 */
public final class SpringSecurityConnectionsAccess implements ConnectionsAccess {
    /** The authority that allows viewing. */
    public static final String VIEW = "CONNECTIONS_VIEW";
    /** The authority that allows every action. */
    public static final String MANAGE = "CONNECTIONS_MANAGE";
    /** The prefix of the authority of one action: {@code CONNECTIONS_} + {@link WebAction#name()}. */
    public static final String PREFIX = "CONNECTIONS_";

    private static final Logger LOG = LoggerFactory.getLogger(SpringSecurityConnectionsAccess.class);
    private static final String ROLE = "ROLE_";

    private final WorkspaceResolver workspaces;
    private final ActorResolver actors;
    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();
    private final SecurityContextHolderStrategy contexts;

    /** Workspaces from {@code workspaces}, actors named after the principal. */
    public SpringSecurityConnectionsAccess(WorkspaceResolver workspaces) {
        this(workspaces, ActorResolver.BY_NAME);
    }

    /** Workspaces from {@code workspaces}, actors from {@code actors}. */
    public SpringSecurityConnectionsAccess(WorkspaceResolver workspaces, ActorResolver actors) {
        this(workspaces, actors, SecurityContextHolder.getContextHolderStrategy());
    }

    /** As {@link #SpringSecurityConnectionsAccess(WorkspaceResolver, ActorResolver)}, reading {@code contexts}. */
    public SpringSecurityConnectionsAccess(
            WorkspaceResolver workspaces, ActorResolver actors, SecurityContextHolderStrategy contexts) {
        this.workspaces = Objects.requireNonNull(workspaces, "workspaces");
        this.actors = Objects.requireNonNull(actors, "actors");
        this.contexts = Objects.requireNonNull(contexts, "contexts");
    }

    @Override
    public Optional<Caller> caller(HttpServletRequest request) {
        Authentication authentication = contexts.getContext().getAuthentication();
        if (!trust.isAuthenticated(authentication)) {
            return Optional.empty();
        }
        Optional<WorkspaceId> workspace;
        Actor actor;
        try {
            workspace = workspaces.workspace(authentication);
            if (workspace.isEmpty()) {
                return Optional.empty();
            }
            actor = actors.actor(authentication);
        } catch (IllegalArgumentException e) {
            // An id the host made from its own data (WorkspaceId.of, Actor.of) broke the id rules.
            LOG.warn(
                    "A signed-in user cannot be given a Connections workspace or actor ({}); check the"
                            + " WorkspaceResolver and ActorResolver beans. The request is treated as not signed in.",
                    e.getMessage());
            return Optional.empty();
        }
        return Optional.of(new Caller(workspace.get(), actor, allowed(authentication.getAuthorities())));
    }

    /** The actions {@code authorities} allow, as the class documentation lists them. */
    public static Set<WebAction> allowed(Collection<? extends GrantedAuthority> authorities) {
        Set<WebAction> allowed = EnumSet.noneOf(WebAction.class);
        for (GrantedAuthority granted : authorities) {
            String authority = granted.getAuthority();
            if (authority == null) {
                continue;
            }
            String name = authority.startsWith(ROLE) ? authority.substring(ROLE.length()) : authority;
            if (name.equals(MANAGE)) {
                allowed.addAll(EnumSet.allOf(WebAction.class));
            } else if (name.startsWith(PREFIX)) {
                for (WebAction action : WebAction.values()) {
                    if (name.equals(PREFIX + action.name())) {
                        allowed.add(action);
                    }
                }
            }
        }
        return allowed;
    }
}
