package dev.connections.web.api;

import dev.connections.connection.CustomConnectionSpec;
import dev.connections.connection.CustomConnectionSpec.AuthType;
import dev.connections.error.ConnectionValidationException;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code auth} object of a custom connection request, read into the facade's spec, and the facade's field
 * names ({@code keyName}, {@code keyPrefix}, …) told back as the request's ({@code auth.headerName}, …).
 */
record CustomAuth(AuthType type, CustomConnectionRequest.Auth sent) {

    /** The request's auth object, or {@code Authorization: Bearer <key>} when none was sent. */
    static CustomAuth of(CustomConnectionRequest.@Nullable Auth auth) {
        if (auth == null) {
            return new CustomAuth(
                    AuthType.HEADER,
                    new CustomConnectionRequest.Auth("HEADER", "Authorization", "Bearer ", null, null));
        }
        String type = Objects.requireNonNullElse(auth.type(), "HEADER").strip().toUpperCase(Locale.ROOT);
        return switch (type) {
            case "HEADER" -> new CustomAuth(AuthType.HEADER, auth);
            case "QUERY" -> new CustomAuth(AuthType.QUERY_PARAMETER, auth);
            case "BASIC" -> new CustomAuth(AuthType.BASIC_AUTH, auth);
            default -> throw ConnectionValidationException.of("auth.type", "Choose HEADER, QUERY or BASIC.");
        };
    }

    CustomConnectionSpec.Builder apply(CustomConnectionSpec.Builder builder) {
        return switch (type) {
            case HEADER -> builder.header(
                    Objects.requireNonNullElse(sent.headerName(), "Authorization"),
                    Objects.requireNonNullElse(sent.prefix(), ""));
            case QUERY_PARAMETER -> builder.queryParameter(Objects.requireNonNullElse(sent.queryParameter(), ""));
            case BASIC_AUTH -> builder.basicAuth(Objects.requireNonNullElse(sent.username(), ""));
        };
    }

    /** The request's name for a field the facade reported. */
    String requestField(String facadeField) {
        return switch (facadeField) {
            case "connectionName" -> "name";
            case "authType" -> "auth.type";
            case "keyName" -> type == AuthType.QUERY_PARAMETER ? "auth.queryParameter" : "auth.headerName";
            case "keyPrefix" -> "auth.prefix";
            case "basicUsername" -> "auth.username";
            default -> facadeField;
        };
    }
}
