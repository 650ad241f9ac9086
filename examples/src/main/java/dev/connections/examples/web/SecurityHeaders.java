package dev.connections.examples.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * The security headers every response carries, the app's own pages and the server's error pages alike
 * (a request Jetty refuses before any route runs, such as {@code /%00} or a malformed request line).
 */
final class SecurityHeaders {
    /**
     * The CSP allows only this origin's own scripts, styles and images (no inline code), so even markup
     * that slipped through escaping could not run.
     */
    static final Map<String, String> ALL = Map.of(
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
                    + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            "X-Content-Type-Options",
            "nosniff",
            "X-Frame-Options",
            "DENY",
            "Referrer-Policy",
            "no-referrer",
            "Cross-Origin-Opener-Policy",
            "same-origin",
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=()");

    private SecurityHeaders() {}

    /**
     * Jetty's error handler with the headers added; set on the server (requests refused before routing,
     * parser errors) and on the servlet context. It never shows stack traces or the server's name.
     */
    static ErrorHandler errorHandler() {
        ErrorHandler handler = new ErrorHandler() {
            @Override
            public void handle(
                    String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
                    throws IOException, ServletException {
                ALL.forEach(response::setHeader);
                super.handle(target, baseRequest, request, response);
            }

            @Override
            public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
                ALL.forEach(fields::put);
                return super.badMessageError(status, reason, fields);
            }
        };
        handler.setShowStacks(false);
        handler.setShowServlet(false);
        handler.setShowMessageInTitle(false);
        return handler;
    }
}
