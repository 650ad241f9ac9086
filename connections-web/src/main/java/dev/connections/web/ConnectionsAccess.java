package dev.connections.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The host's decision of who may use the Connections page and API: from an authenticated request, the
 * workspace, the actor and the allowed actions. Deny by default: an empty answer is "not signed in"
 * (401), a {@link Caller} without an action is "forbidden" (403). A workspace id in a URL is never
 * trusted; the caller's workspace always comes from here.
 */
@FunctionalInterface
public interface ConnectionsAccess {

    /**
     * The caller of {@code request}, or empty when the request carries no authenticated principal the host
     * recognises.
     */
    Optional<Caller> caller(HttpServletRequest request);
}
