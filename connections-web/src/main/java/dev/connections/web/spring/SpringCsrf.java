package dev.connections.web.spring;

import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CsrfToken;

/** Reads Spring Security's CSRF token from a request; loaded only when Spring Security is on the class path. */
final class SpringCsrf {
    private SpringCsrf() {}

    /** The request's token as header name and value, or null when the host has no CSRF protection here. */
    static PageShell.@Nullable Csrf of(jakarta.servlet.http.HttpServletRequest request) {
        Object attribute = request.getAttribute(CsrfToken.class.getName());
        if (attribute instanceof CsrfToken token) {
            return new PageShell.Csrf(token.getHeaderName(), token.getToken());
        }
        return null;
    }
}
