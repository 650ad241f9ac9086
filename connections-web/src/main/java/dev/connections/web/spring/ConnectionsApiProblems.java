package dev.connections.web.spring;

import dev.connections.crypto.KeyUsageExceededException;
import dev.connections.error.AuthorizationFailedException;
import dev.connections.error.BaseUrlRefusedException;
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.error.ConnectionValidationException;
import dev.connections.error.DuplicateConnectionNameException;
import dev.connections.error.IntegrationNotFoundException;
import dev.connections.error.NoConnectionException;
import dev.connections.error.OutcomeUnknownException;
import dev.connections.error.ReconnectRequiredException;
import dev.connections.error.SecretIntegrityException;
import dev.connections.error.StaleConnectionException;
import dev.connections.error.StorageException;
import dev.connections.web.api.ApiException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Every error of the Connections API as an RFC 9457 problem detail ({@code application/problem+json}) with
 * {@code type}, {@code title}, {@code status}, {@code detail}, a stable {@code code} and, for bad input, {@code
 * errors: [{field, message}]}. Details are written here, never copied from a parser, so no response repeats
 * what was sent (a key included). Scoped to the API's controllers, ahead of the host's own advice.
 */
@RestControllerAdvice(assignableTypes = ConnectionsApiController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConnectionsApiProblems {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsApiProblems.class);
    private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;
    private static final URI ABOUT_BLANK = URI.create("about:blank");

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> refused(ApiException e) {
        String code =
                switch (e.reason()) {
                    case NOT_SIGNED_IN -> "not-signed-in";
                    case NOT_ALLOWED -> "not-allowed";
                    case VERSION_REQUIRED -> "version-required";
                };
        return problem(HttpStatus.valueOf(e.status()), code, e.getMessage(), Map.of());
    }

    @ExceptionHandler(DuplicateConnectionNameException.class)
    ResponseEntity<ProblemDetail> duplicateName(DuplicateConnectionNameException e) {
        return problem(
                HttpStatus.CONFLICT,
                "duplicate-name",
                "This app already has a connection with this name.",
                e.fieldErrors());
    }

    @ExceptionHandler(ConnectionValidationException.class)
    ResponseEntity<ProblemDetail> invalid(ConnectionValidationException e) {
        return badInput(e.fieldErrors());
    }

    @ExceptionHandler({ConnectionNotFoundException.class, NoConnectionException.class})
    ResponseEntity<ProblemDetail> connectionNotFound(RuntimeException e) {
        // One text for an unknown id and another workspace's: nothing tells them apart.
        return problem(
                HttpStatus.NOT_FOUND,
                "connection-not-found",
                "There is no such connection in your workspace.",
                Map.of());
    }

    @ExceptionHandler(IntegrationNotFoundException.class)
    ResponseEntity<ProblemDetail> integrationNotFound(IntegrationNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "app-not-found", "There is no such app in your workspace.", Map.of());
    }

    @ExceptionHandler(StaleConnectionException.class)
    ResponseEntity<ProblemDetail> stale(StaleConnectionException e) {
        return problem(
                HttpStatus.PRECONDITION_FAILED,
                "stale-version",
                "This connection was changed by someone else since you read it; nothing was changed. Reload it"
                        + " and try again.",
                Map.of());
    }

    @ExceptionHandler(AuthorizationFailedException.class)
    ResponseEntity<ProblemDetail> authorizationFailed(AuthorizationFailedException e) {
        // Our words, never the provider's: its error description is not shown to users.
        return switch (e.reason()) {
            case ACCESS_DENIED -> problem(
                    HttpStatus.BAD_REQUEST,
                    "oauth-access-denied",
                    "Access was not granted at the app; nothing was connected.",
                    Map.of());
            case UNKNOWN_STATE -> problem(
                    HttpStatus.BAD_REQUEST,
                    "oauth-unknown-state",
                    "This sign-in is unknown or was already used; nothing was connected. Start connecting again.",
                    Map.of());
            case EXPIRED_STATE -> problem(
                    HttpStatus.BAD_REQUEST,
                    "oauth-expired-state",
                    "This sign-in took too long and expired; nothing was connected. Start connecting again.",
                    Map.of());
            case FOREIGN_STATE -> problem(
                    HttpStatus.BAD_REQUEST,
                    "oauth-foreign-state",
                    "This sign-in was started by another user or in another workspace; nothing was connected.",
                    Map.of());
            case PROVIDER_ERROR -> {
                LOG.warn("An OAuth 2.0 provider refused a Connections API request: {}", e.getMessage());
                yield problem(
                        HttpStatus.BAD_GATEWAY,
                        "oauth-provider-error",
                        "The app did not grant access; nothing was connected. Try again, and tell the"
                                + " administrators if it goes on (the app's OAuth client may be misconfigured).",
                        Map.of());
            }
        };
    }

    @ExceptionHandler(ReconnectRequiredException.class)
    ResponseEntity<ProblemDetail> reconnectRequired(ReconnectRequiredException e) {
        return problem(
                HttpStatus.CONFLICT,
                "reconnect-required",
                "The app no longer accepts this connection's sign-in: reconnect it.",
                Map.of());
    }

    @ExceptionHandler(BaseUrlRefusedException.class)
    ResponseEntity<ProblemDetail> baseUrlRefused(BaseUrlRefusedException e) {
        return badInput(Map.of("baseUrl", List.of(e.getMessage())));
    }

    @ExceptionHandler(OutcomeUnknownException.class)
    ResponseEntity<ProblemDetail> outcomeUnknown(OutcomeUnknownException e) {
        LOG.warn("A Connections API write ended with an unknown outcome: {}", e.getMessage(), e);
        return problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "outcome-unknown",
                "Storage was lost while saving, so it is not known whether the change was saved. Nothing was"
                        + " destroyed: reload the connection and check before repeating the change.",
                Map.of());
    }

    @ExceptionHandler(StorageException.class)
    ResponseEntity<ProblemDetail> storage(StorageException e) {
        LOG.warn("A Connections API request failed in storage: {}", e.getMessage(), e);
        return problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "storage-unavailable",
                "Connections cannot be reached right now; nothing was changed. Try again in a moment.",
                Map.of());
    }

    @ExceptionHandler(KeyUsageExceededException.class)
    ResponseEntity<ProblemDetail> keyUsage(KeyUsageExceededException e) {
        LOG.error("A Connections API write was refused: {}", e.getMessage());
        return problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "keys-exhausted",
                "New keys cannot be stored until the administrators rotate the encryption keys; nothing was"
                        + " changed.",
                Map.of());
    }

    @ExceptionHandler(SecretIntegrityException.class)
    ResponseEntity<ProblemDetail> damagedKey(SecretIntegrityException e) {
        LOG.error("A Connections API request met a key that cannot be decrypted: {}", e.getMessage());
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "key-unreadable",
                "This connection's key cannot be decrypted; replace the key.",
                Map.of());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        // The parser's message may quote the body (a key included): it is never passed on.
        return badInput(Map.of(
                "body", List.of("Send a JSON object as this endpoint describes it in the API's OpenAPI document.")));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> wrongType(MethodArgumentTypeMismatchException e) {
        return badInput(Map.of(e.getName(), List.of("This must be a whole number.")));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e) {
        return badInput(Map.of(e.getParameterName(), List.of("This parameter is required.")));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return problem(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Send the body as application/json.",
                Map.of());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (e instanceof ErrorResponse refused) {
            // Spring MVC's own refusals (a missing header, a method not allowed...): its status, our words.
            HttpStatus status = HttpStatus.resolve(refused.getStatusCode().value());
            if (status != null && status.is4xxClientError()) {
                return problem(
                        status,
                        "request-refused",
                        "The request was refused: " + status.getReasonPhrase() + ".",
                        Map.of());
            }
        }
        LOG.error("The Connections API failed unexpectedly", e);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Something went wrong on the server; nothing may have been changed. Try again, and tell the"
                        + " administrators if it goes on.",
                Map.of());
    }

    private static ResponseEntity<ProblemDetail> badInput(Map<String, List<String>> fieldErrors) {
        return problem(
                HttpStatus.BAD_REQUEST, "invalid-input", "Please correct the fields named in errors.", fieldErrors);
    }

    private static ResponseEntity<ProblemDetail> problem(
            HttpStatus status, String code, String detail, Map<String, List<String>> fieldErrors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        // about:blank: the status says what happened (RFC 9457 4.2.1); "code" names the case for programs.
        problem.setType(ABOUT_BLANK);
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code);
        if (!fieldErrors.isEmpty()) {
            List<Map<String, String>> errors = new ArrayList<>();
            fieldErrors.forEach((field, messages) ->
                    messages.forEach(message -> errors.add(Map.of("field", field, "message", message))));
            problem.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).contentType(PROBLEM).body(problem);
    }
}
