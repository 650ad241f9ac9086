package dev.connections.web.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.util.ClassUtils;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * Answers {@code GET {page}} with the page's HTML shell: the whole document, or with {@code ?fragment=true}
 * the piece a host puts into its own layout. The shell carries no data; the page's script reads the API.
 */
final class ConnectionsPageController implements HttpRequestHandler {

    /** The page's policy: every script and style from this origin, no inline code, no frames elsewhere. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self';"
            + " frame-ancestors 'self'";

    /** The languages whose message bundles are complete; any other asks for English. */
    static final Set<String> LANGUAGES = Set.of("en", "de");

    private static final boolean SPRING_SECURITY =
            ClassUtils.isPresent("org.springframework.security.web.csrf.CsrfToken", null);

    private final ConnectionsWebProperties properties;

    ConnectionsPageController(ConnectionsWebProperties properties) {
        this.properties = properties;
    }

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.setHeader(HttpHeaders.ALLOW, "GET, HEAD");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        // The context path already carries X-Forwarded-Prefix when the host runs Spring's ForwardedHeaderFilter.
        String context = request.getContextPath();
        PageShell shell = new PageShell(
                context + PagePaths.trimmed(properties.getPath()) + "/assets/",
                context + PagePaths.trimmed(properties.getApiPath()),
                language(request),
                SPRING_SECURITY ? SpringCsrf.of(request) : null);
        boolean fragment = "true".equals(request.getParameter("fragment"));
        byte[] body = (fragment ? shell.fragment() : shell.document()).getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(body.length);
        if ("GET".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    /** The host's locale (its LocaleResolver, else Accept-Language) when a complete bundle exists, else English. */
    private static String language(HttpServletRequest request) {
        Locale locale = RequestContextUtils.getLocale(request);
        String language = locale.getLanguage();
        return LANGUAGES.contains(language) ? language : "en";
    }
}
