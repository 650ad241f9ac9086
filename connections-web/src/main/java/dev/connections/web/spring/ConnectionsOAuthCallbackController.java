package dev.connections.web.spring;

import dev.connections.web.Caller;
import dev.connections.web.ConnectionsAccess;
import dev.connections.web.api.CallbackResult;
import dev.connections.web.api.ConnectionsApi;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET {api}/oauth/callback}: where a provider sends the browser back after the user approved or
 * declined access. It is a top-level navigation from the provider's site, so it carries the host's session
 * cookie (a {@code SameSite=Lax} or laxer one) but no CSRF token; the flow's state is the defence, single-use
 * and bound to the workspace and user that started it. It always answers {@code 303 See Other} to the page:
 * on success the app's page naming the connection, on failure the overview with a reason code the page turns
 * into a message. Nothing the provider sent is echoed back.
 */
@RestController
@RequestMapping("${connections.web.api-path:/api/connections}")
public class ConnectionsOAuthCallbackController {
    /** The callback's path below the API's. */
    public static final String PATH = "/oauth/callback";

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsOAuthCallbackController.class);

    private final ConnectionsApi api;
    private final ConnectionsAccess access;
    private final String pagePath;

    /**
     * A callback finishing flows through {@code api} as the caller {@code access} names, sending the browser
     * back to the page at {@code pagePath} (inside the context path, no trailing slash).
     */
    public ConnectionsOAuthCallbackController(ConnectionsApi api, ConnectionsAccess access, String pagePath) {
        this.api = api;
        this.access = access;
        this.pagePath = pagePath;
    }

    @GetMapping(PATH)
    ResponseEntity<Void> callback(
            HttpServletRequest request,
            @RequestParam(required = false) @Nullable String state,
            @RequestParam(required = false) @Nullable String code,
            @RequestParam(required = false) @Nullable String error,
            @RequestParam(name = "error_description", required = false) @Nullable String errorDescription) {
        if ("HEAD".equals(request.getMethod())) {
            // A link checker or prefetch asking about the URL must not spend the user's one-time state.
            return ResponseEntity.status(HttpStatus.SEE_OTHER)
                    .header(HttpHeaders.LOCATION, request.getContextPath() + (pagePath.isEmpty() ? "/" : pagePath))
                    .cacheControl(CacheControl.noStore())
                    .build();
        }
        CallbackResult result;
        try {
            Caller caller = access.caller(request).orElse(null);
            result = api.completeAuthorization(caller, state, code, error, errorDescription);
        } catch (RuntimeException e) {
            // Never the request's parameters: the code is a credential until it is spent.
            LOG.error("An OAuth callback failed unexpectedly", e);
            result = CallbackResult.failed("error");
        }
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .header(
                        HttpHeaders.LOCATION,
                        request.getContextPath() + (pagePath.isEmpty() ? "/" : pagePath) + hash(result))
                .cacheControl(CacheControl.noStore())
                // The callback URL holds the code: no page reached from here may be told it.
                .header("Referrer-Policy", "no-referrer")
                .build();
    }

    /** The page's route for {@code result}: the app's page naming the connection, or the overview and a reason. */
    static String hash(CallbackResult result) {
        if (result.succeeded()) {
            return "#/apps/" + encode(String.valueOf(result.integrationId())) + "?oauth=connected&connection="
                    + encode(String.valueOf(result.connectionId()));
        }
        return "#/?oauth=failed&reason=" + encode(String.valueOf(result.failure()));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
