package dev.connections.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connections.catalog.ClientAuthentication;
import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.GrantType;
import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.OAuth2Spec;
import dev.connections.catalog.Probe;
import dev.connections.catalog.SettingSpec;
import dev.connections.id.IntegrationId;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The JSON text stored for a connection's settings, an OAuth 2.0 grant's scopes and a custom app's definition.
 *
 * <p>Written field by field rather than by reflection, so renaming a Java field never changes what is
 * stored; unknown fields are ignored when reading, so a newer writer does not break an older reader.
 */
final class JsonCodec {
    private static final TypeReference<TreeMap<String, String>> SETTINGS = new TypeReference<>() {};
    private static final TypeReference<List<String>> SCOPES = new TypeReference<>() {};
    private final ObjectMapper mapper = new ObjectMapper();

    String settings(Map<String, String> settings) {
        if (settings.isEmpty()) {
            // Most connections have none: the add path's profile showed Jackson's writer for this constant.
            return "{}";
        }
        try {
            return mapper.writeValueAsString(new TreeMap<>(settings));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Settings could not be written as JSON", e);
        }
    }

    Map<String, String> settings(String json) {
        try {
            return mapper.readValue(json, SETTINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored connection settings are not valid JSON", e);
        }
    }

    /** A JSON array in the scopes' order: a scope may hold any character, so no separator would be safe. */
    String scopes(List<String> scopes) {
        try {
            return mapper.writeValueAsString(scopes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Scopes could not be written as JSON", e);
        }
    }

    List<String> scopes(String json) {
        try {
            return List.copyOf(mapper.readValue(json, SCOPES));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored granted scopes are not valid JSON", e);
        }
    }

    String integration(Integration app) {
        ObjectNode root = mapper.createObjectNode();
        root.put("id", app.id().value());
        root.put("displayName", app.displayName());
        root.put("description", app.description());
        ArrayNode categories = root.putArray("categories");
        app.categories().forEach(categories::add);
        CredentialSpec credentials = app.credentials();
        ObjectNode cred = root.putObject("credentials");
        writePlacement(cred.putObject("placement"), credentials.placement());
        cred.put("keyPattern", credentials.keyPattern());
        cred.put("keyFormatHint", credentials.keyFormatHint());
        cred.put("docsUrl", text(credentials.docsUrl()));
        ArrayNode settings = cred.putArray("settings");
        for (SettingSpec s : credentials.settings()) {
            ObjectNode node = settings.addObject();
            node.put("name", s.name());
            node.put("label", s.label());
            node.put("defaultValue", s.defaultValue());
            node.put("required", s.required());
            node.put("header", s.header());
        }
        credentials.verificationProbe().ifPresent(probe -> {
            ObjectNode node = cred.putObject("probe");
            node.put("method", probe.method());
            node.put("path", probe.path());
            ArrayNode valid = node.putArray("valid");
            probe.validStatuses().stream().sorted().forEach(valid::add);
            ArrayNode invalid = node.putArray("invalid");
            probe.invalidStatuses().stream().sorted().forEach(invalid::add);
        });
        credentials.oauth().ifPresent(oauth -> {
            // Part of a custom app's definition: without it, a stored OAuth app could not be refreshed or revoked.
            ObjectNode node = cred.putObject("oauth2");
            node.put("authorizationUrl", text(oauth.authorizationUrl()));
            node.put("tokenUrl", text(oauth.tokenUrl()));
            node.put("revocationUrl", text(oauth.revocationUrl()));
            ArrayNode scopes = node.putArray("scopes");
            oauth.scopes().forEach(scopes::add);
            node.put("scopeSeparator", oauth.scopeSeparator());
            node.put("clientAuthentication", oauth.clientAuthentication().name());
            writePlacement(node.putObject("tokenPlacement"), oauth.tokenPlacement());
            ObjectNode parameters = node.putObject("authorizationParameters");
            oauth.authorizationParameters().forEach(parameters::put);
            ArrayNode grants = node.putArray("grants");
            oauth.grants().stream().map(GrantType::name).sorted().forEach(grants::add);
        });
        root.put("baseUrl", text(app.baseUrl()));
        root.put("website", text(app.website()));
        ArrayNode aliases = root.putArray("aliases");
        app.aliases().forEach(aliases::add);
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A custom app could not be written as JSON", e);
        }
    }

    Integration integration(String json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored custom app is not valid JSON", e);
        }
        JsonNode cred = root.path("credentials");
        KeyPlacement placement = readPlacement(cred.path("placement"));
        List<SettingSpec> settings = new ArrayList<>();
        for (JsonNode s : cred.path("settings")) {
            settings.add(new SettingSpec(
                    s.path("name").asText(),
                    s.path("label").asText(),
                    optional(s, "defaultValue"),
                    s.path("required").asBoolean(false),
                    optional(s, "header")));
        }
        List<String> categories = new ArrayList<>();
        root.path("categories").forEach(c -> categories.add(c.asText()));
        List<String> aliases = new ArrayList<>();
        root.path("aliases").forEach(a -> aliases.add(a.asText()));
        return new Integration(
                IntegrationId.of(root.path("id").asText()),
                root.path("displayName").asText(),
                root.path("description").asText(""),
                categories,
                new CredentialSpec(
                        placement,
                        optional(cred, "keyPattern"),
                        optional(cred, "keyFormatHint"),
                        uri(optional(cred, "docsUrl")),
                        settings,
                        probe(cred.get("probe")),
                        oauth2(cred.get("oauth2"))),
                uri(optional(root, "baseUrl")),
                uri(optional(root, "website")),
                aliases);
    }

    private static void writePlacement(ObjectNode placement, KeyPlacement keyPlacement) {
        if (keyPlacement instanceof KeyPlacement.Header h) {
            placement.put("type", "header");
            placement.put("name", h.name());
            placement.put("prefix", h.prefix());
        } else if (keyPlacement instanceof KeyPlacement.QueryParameter q) {
            placement.put("type", "query");
            placement.put("name", q.name());
        } else if (keyPlacement instanceof KeyPlacement.BasicAuth b) {
            placement.put("type", "basic");
            placement.put("usernameSetting", b.usernameSetting());
        } else if (keyPlacement instanceof KeyPlacement.PathSegment p) {
            placement.put("type", "path");
            placement.put("prefix", p.prefix());
        } else {
            throw new IllegalStateException(
                    "Unknown key placement " + keyPlacement.getClass().getSimpleName());
        }
    }

    private static KeyPlacement readPlacement(JsonNode placementNode) {
        return switch (placementNode.path("type").asText()) {
            case "header" -> new KeyPlacement.Header(
                    placementNode.path("name").asText(),
                    placementNode.path("prefix").asText(""));
            case "query" -> new KeyPlacement.QueryParameter(
                    placementNode.path("name").asText());
            case "basic" -> new KeyPlacement.BasicAuth(optional(placementNode, "usernameSetting"));
            case "path" -> new KeyPlacement.PathSegment(
                    placementNode.path("prefix").asText(""));
            default -> throw new IllegalStateException("A stored custom app has an unknown key placement");
        };
    }

    /** A stored custom app's OAuth 2.0 declaration; absent in definitions of key apps and those written before. */
    private static @Nullable OAuth2Spec oauth2(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        List<String> scopes = new ArrayList<>();
        node.path("scopes").forEach(scope -> scopes.add(scope.asText()));
        Map<String, String> parameters = new LinkedHashMap<>();
        node.path("authorizationParameters")
                .fields()
                .forEachRemaining(e -> parameters.put(e.getKey(), e.getValue().asText()));
        Set<GrantType> grants = new TreeSet<>();
        node.path("grants").forEach(grant -> grants.add(GrantType.valueOf(grant.asText())));
        return new OAuth2Spec(
                uri(optional(node, "authorizationUrl")),
                URI.create(node.path("tokenUrl").asText()),
                uri(optional(node, "revocationUrl")),
                scopes,
                node.path("scopeSeparator").asText(" "),
                ClientAuthentication.valueOf(node.path("clientAuthentication").asText()),
                readPlacement(node.path("tokenPlacement")),
                parameters,
                grants);
    }

    /** A stored custom app's probe; absent in definitions written before probes existed. */
    private static @Nullable Probe probe(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        Set<Integer> valid = new TreeSet<>();
        node.path("valid").forEach(n -> valid.add(n.asInt()));
        Set<Integer> invalid = new TreeSet<>();
        node.path("invalid").forEach(n -> invalid.add(n.asInt()));
        return new Probe(node.path("method").asText("GET"), node.path("path").asText(), valid, invalid);
    }

    private static @Nullable String text(@Nullable URI uri) {
        return uri == null ? null : uri.toString();
    }

    private static @Nullable URI uri(@Nullable String text) {
        return text == null ? null : URI.create(text);
    }

    private static @Nullable String optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
