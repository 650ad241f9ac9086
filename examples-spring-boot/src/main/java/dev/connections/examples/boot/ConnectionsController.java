package dev.connections.examples.boot;

import dev.connections.Connections;
import dev.connections.connection.Connection;
import dev.connections.connection.ResolvedConnection;
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.error.ConnectionValidationException;
import dev.connections.error.IntegrationNotFoundException;
import dev.connections.error.NoConnectionException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Adds a connection (B3), sets an app's default (B6) and triggers an app with its default connection (B8).
 * A real host takes the workspace from the signed-in user, never from the path; here the path keeps the
 * example short. No response ever carries a key: only its hint.
 */
@RestController
@RequestMapping("/workspaces/{workspace}")
class ConnectionsController {
    private final Connections connections;
    private final TriggerClient client;

    ConnectionsController(Connections connections, TriggerClient client) {
        this.connections = connections;
        this.client = client;
    }

    /** The body of an "add connection" form. */
    record NewConnectionForm(String name, String apiKey) {}

    /** A connection as the page shows it. */
    record ConnectionView(String id, String app, String name, boolean isDefault, String keyHint) {
        static ConnectionView of(Connection c) {
            return new ConnectionView(c.id().toString(), c.integration().value(), c.name(), c.isDefault(), c.keyHint());
        }
    }

    /** What a trigger did: which connection it used and where it sent the request. */
    record TriggerResult(String connectionId, String connectionName, String target, String keyPlacement) {}

    /** B3: add a connection to a catalog app; the first one becomes its default. */
    @PostMapping("/apps/{app}/connections")
    @ResponseStatus(HttpStatus.CREATED)
    ConnectionView add(@PathVariable String workspace, @PathVariable String app, @RequestBody NewConnectionForm form) {
        if (form.apiKey() == null) {
            throw new BadRequest("apiKey", "Enter the API key.");
        }
        Connection added = connections.addConnection(
                workspace(workspace),
                integration(app),
                form.name() == null ? "" : form.name(),
                Secret.of(form.apiKey()));
        return ConnectionView.of(added);
    }

    /** The app's connections, default first. */
    @GetMapping("/apps/{app}/connections")
    List<ConnectionView> list(@PathVariable String workspace, @PathVariable String app) {
        return connections.connections(workspace(workspace), integration(app)).stream()
                .map(ConnectionView::of)
                .toList();
    }

    /** B6: make a connection its app's default. */
    @PutMapping("/connections/{id}/default")
    ConnectionView setDefault(@PathVariable String workspace, @PathVariable String id) {
        return ConnectionView.of(connections.setDefault(workspace(workspace), connectionId(id)));
    }

    /** B8: trigger the app with the workspace's default connection. */
    @PostMapping("/apps/{app}/trigger")
    TriggerResult trigger(@PathVariable String workspace, @PathVariable String app) {
        ResolvedConnection resolved = connections.resolveDefault(workspace(workspace), integration(app));
        String target = resolved.withKey(key -> client.send(resolved, key));
        return new TriggerResult(
                resolved.connection().id().toString(),
                resolved.connection().name(),
                target,
                resolved.placement().describe());
    }

    /** Input the controller refuses before the library sees it: one field, one message. */
    static final class BadRequest extends RuntimeException {
        private final String field;

        BadRequest(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    // Ids in the path are user input: a malformed one is the caller's mistake (400), never a server error.
    private static WorkspaceId workspace(String value) {
        return parsed("workspace", value, WorkspaceId::of);
    }

    private static IntegrationId integration(String value) {
        return parsed("app", value, IntegrationId::of);
    }

    private static ConnectionId connectionId(String value) {
        return parsed("id", value, ConnectionId::parse);
    }

    private static <T> T parsed(String field, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(field, "\"" + value + "\" is not a valid " + field + ".");
        }
    }

    @ExceptionHandler(BadRequest.class)
    ResponseEntity<Map<String, Object>> badRequest(BadRequest e) {
        return ResponseEntity.badRequest().body(Map.of("fieldErrors", Map.of(e.field, List.of(e.getMessage()))));
    }

    @ExceptionHandler(ConnectionValidationException.class)
    ResponseEntity<Map<String, Object>> invalid(ConnectionValidationException e) {
        return ResponseEntity.badRequest().body(Map.of("fieldErrors", e.fieldErrors()));
    }

    @ExceptionHandler({
        NoConnectionException.class,
        ConnectionNotFoundException.class,
        IntegrationNotFoundException.class
    })
    ResponseEntity<Map<String, Object>> notFound(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }
}
