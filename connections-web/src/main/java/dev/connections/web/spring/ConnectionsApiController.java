package dev.connections.web.spring;

import dev.connections.web.Caller;
import dev.connections.web.api.AddConnectionRequest;
import dev.connections.web.api.AppView;
import dev.connections.web.api.AuthorizationView;
import dev.connections.web.api.ConnectionView;
import dev.connections.web.api.ConnectionsApi;
import dev.connections.web.api.CustomConnectionRequest;
import dev.connections.web.api.CustomOAuthRequest;
import dev.connections.web.api.DeletedView;
import dev.connections.web.api.EditConnectionRequest;
import dev.connections.web.api.ImportRequest;
import dev.connections.web.api.IntegrationSummaryView;
import dev.connections.web.api.IntegrationView;
import dev.connections.web.api.ItemList;
import dev.connections.web.api.MeView;
import dev.connections.web.api.OAuthStartRequest;
import dev.connections.web.api.Page;
import dev.connections.web.api.VerificationView;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The JSON API under {@code connections.web.api-path}, a thin mapping of paths, headers and statuses onto
 * {@link ConnectionsApi}. The {@link Caller} parameter comes first in every handler, so an anonymous request
 * is refused (401) before its body is read; the API then checks the action (403). Errors become problem
 * details in {@link ConnectionsApiProblems}.
 */
@RestController
@RequestMapping("${connections.web.api-path:/api/connections}")
public class ConnectionsApiController {
    private final ConnectionsApi api;
    private final String apiPath;

    /** A controller over {@code api}; {@code apiPath} is where it is mounted, for Location headers. */
    public ConnectionsApiController(ConnectionsApi api, String apiPath) {
        this.api = api;
        this.apiPath = apiPath;
    }

    @GetMapping("/me")
    MeView me(Caller caller) {
        return api.me(caller);
    }

    @GetMapping("/apps")
    Page<AppView> apps(
            Caller caller, @RequestParam(defaultValue = "20") int limit, @RequestParam(defaultValue = "0") int offset) {
        return api.apps(caller, limit, offset);
    }

    @GetMapping("/integrations")
    Page<IntegrationSummaryView> integrations(
            Caller caller,
            @RequestParam(required = false) @Nullable String q,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        return api.integrations(caller, q, limit, offset);
    }

    @GetMapping("/integrations/{integrationId}")
    IntegrationView integration(Caller caller, @PathVariable String integrationId) {
        return api.integration(caller, integrationId);
    }

    @GetMapping("/apps/{integrationId}/connections")
    ItemList<ConnectionView> connections(Caller caller, @PathVariable String integrationId) {
        return api.connections(caller, integrationId);
    }

    @GetMapping("/connections/{id}")
    ResponseEntity<ConnectionView> connection(Caller caller, @PathVariable String id) {
        return withVersion(ResponseEntity.ok(), api.connection(caller, id));
    }

    @PostMapping("/apps/{integrationId}/connections")
    ResponseEntity<ConnectionView> add(
            Caller caller, @PathVariable String integrationId, @RequestBody AddConnectionRequest body) {
        return created(api.add(caller, integrationId, body));
    }

    @PostMapping("/custom-connections")
    ResponseEntity<ConnectionView> addCustom(Caller caller, @RequestBody CustomConnectionRequest body) {
        return created(api.addCustom(caller, body));
    }

    @PatchMapping("/connections/{id}")
    ResponseEntity<ConnectionView> edit(
            Caller caller,
            @PathVariable String id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @RequestBody EditConnectionRequest body) {
        return withVersion(ResponseEntity.ok(), api.edit(caller, id, ifMatch, body));
    }

    @PostMapping("/connections/{id}/default")
    ResponseEntity<ConnectionView> setDefault(
            Caller caller,
            @PathVariable String id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
        return withVersion(ResponseEntity.ok(), api.setDefault(caller, id, ifMatch));
    }

    @DeleteMapping("/connections/{id}")
    DeletedView delete(
            Caller caller,
            @PathVariable String id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
        return api.delete(caller, id, ifMatch);
    }

    @PostMapping("/apps/{integrationId}/oauth/authorizations")
    AuthorizationView startAuthorization(
            Caller caller, @PathVariable String integrationId, @RequestBody OAuthStartRequest body) {
        return api.startAuthorization(caller, integrationId, body, callbackUri());
    }

    @PostMapping("/custom-connections/oauth/authorizations")
    AuthorizationView startCustomAuthorization(Caller caller, @RequestBody CustomOAuthRequest body) {
        return api.startCustomAuthorization(caller, body, callbackUri());
    }

    @PostMapping("/connections/{id}/oauth/reconnect")
    AuthorizationView startReconnect(Caller caller, @PathVariable String id) {
        return api.startReconnect(caller, id, callbackUri());
    }

    @PostMapping("/apps/{integrationId}/oauth/client-credentials")
    ResponseEntity<ConnectionView> connectClientCredentials(
            Caller caller, @PathVariable String integrationId, @RequestBody OAuthStartRequest body) {
        return created(api.connectClientCredentials(caller, integrationId, body));
    }

    @PostMapping("/connections/{id}/test")
    VerificationView test(Caller caller, @PathVariable String id) {
        return api.test(caller, id);
    }

    @PostMapping("/imports")
    ResponseEntity<ItemList<ConnectionView>> importConnections(Caller caller, @RequestBody ImportRequest body) {
        return ResponseEntity.status(201).body(api.importConnections(caller, body));
    }

    /**
     * Where providers send the browser back: this API's callback, from the request's base URL and the host's
     * context path (with Spring's ForwardedHeaderFilter, as a proxy in front says them), as links are built.
     */
    private URI callbackUri() {
        return ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(apiPath)
                .path(ConnectionsOAuthCallbackController.PATH)
                .build()
                .toUri();
    }

    private ResponseEntity<ConnectionView> created(ConnectionView connection) {
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(apiPath)
                .pathSegment("connections", connection.id())
                .build()
                .toUri();
        return withVersion(ResponseEntity.created(location), connection);
    }

    private static ResponseEntity<ConnectionView> withVersion(
            ResponseEntity.BodyBuilder response, ConnectionView connection) {
        return response.eTag(etag(connection.version())).body(connection);
    }

    /** The ETag of a connection at {@code version}: the version in double quotes, as If-Match sends it back. */
    static String etag(long version) {
        return "\"" + version + "\"";
    }
}
