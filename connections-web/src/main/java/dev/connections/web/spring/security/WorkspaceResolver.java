package dev.connections.web.spring.security;

import dev.connections.id.WorkspaceId;
import java.util.Optional;
import org.springframework.security.core.Authentication;

/**
 * The host's answer to "which workspace is this signed-in user working in?", e.g. from a claim of their
 * token, a column of their account or the tenant their session selected. Define one as a bean and the
 * Spring Security {@link dev.connections.web.ConnectionsAccess} is set up; never derive it from a URL the
 * user can edit without checking that they belong to it.
 */
@FunctionalInterface
public interface WorkspaceResolver {

    /** The workspace of {@code authentication}, or empty when the user has none (the API then answers 401). */
    Optional<WorkspaceId> workspace(Authentication authentication);
}
