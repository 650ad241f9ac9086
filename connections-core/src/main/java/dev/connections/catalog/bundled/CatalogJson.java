package dev.connections.catalog.bundled;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.connections.catalog.ClientAuthentication;
import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.GrantType;
import dev.connections.catalog.Integration;
import dev.connections.catalog.InvalidCatalogException;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.OAuth2Spec;
import dev.connections.catalog.Probe;
import dev.connections.catalog.SettingSpec;
import dev.connections.id.IntegrationId;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Reads the catalog JSON format (described on {@link IntegrationCatalogs}) into integrations,
 * reporting every problem with its entry and field.
 */
final class CatalogJson {
    static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // The caller opened the stream, so the caller closes it.
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

    private static final Set<String> TOP_FIELDS = Set.of("formatVersion", "integrations", "$comment");
    private static final Set<String> ENTRY_FIELDS = Set.of(
            "id",
            "name",
            "description",
            "categories",
            "aliases",
            "website",
            "baseUrl",
            "docsUrl",
            "auth",
            "keyPattern",
            "keyFormatHint",
            "settings",
            "probe",
            "oauth2",
            "$comment");
    private static final Map<String, Set<String>> AUTH_FIELDS = Map.of(
            "header", Set.of("type", "name", "prefix"),
            "query", Set.of("type", "name"),
            "basic", Set.of("type", "usernameSetting"),
            "path", Set.of("type", "prefix"));
    private static final Set<String> SETTING_FIELDS = Set.of("name", "label", "default", "required", "header");
    private static final Set<String> PROBE_FIELDS = Set.of("method", "path", "valid", "invalid");
    private static final Set<String> OAUTH2_FIELDS = Set.of(
            "authorizationUrl",
            "tokenUrl",
            "revocationUrl",
            "scopes",
            "scopeSeparator",
            "clientAuthentication",
            "tokenPlacement",
            "authorizationParameters",
            "grants",
            "$comment");
    private static final Map<String, ClientAuthentication> CLIENT_AUTHENTICATIONS = Map.of(
            "client_secret_basic", ClientAuthentication.CLIENT_SECRET_BASIC,
            "client_secret_post", ClientAuthentication.CLIENT_SECRET_POST);
    private static final Map<String, GrantType> GRANTS = Map.of(
            "authorization_code", GrantType.AUTHORIZATION_CODE,
            "client_credentials", GrantType.CLIENT_CREDENTIALS);
    private static final int MAX_CATEGORY_LENGTH = 40;
    private static final int MAX_DESCRIPTION_LENGTH = 500;

    private CatalogJson() {}

    /** Reads and validates a catalog; {@code source} names it in error messages. Does not close {@code in}. */
    static List<Integration> read(InputStream in, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw new InvalidCatalogException(source, where + "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (CharConversionException e) {
            // Malformed bytes for the encoding Jackson detected (e.g. UTF-32 from leading zero bytes): bad
            // content, not a failed read.
            throw new InvalidCatalogException(
                    source, "not valid JSON: the bytes are not valid UTF-8, UTF-16 or UTF-32 text", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the integration catalog " + source, e);
        }
        List<String> problems = new ArrayList<>();
        List<Integration> integrations = readRoot(root, problems);
        if (!problems.isEmpty()) {
            throw new InvalidCatalogException(source, problems);
        }
        return integrations;
    }

    private static List<Integration> readRoot(@Nullable JsonNode root, List<String> problems) {
        if (root == null || root.isMissingNode()) {
            problems.add("the file is empty; expected an object with an \"integrations\" array");
            return List.of();
        }
        if (!root.isObject()) {
            problems.add("the top level must be an object with an \"integrations\" array");
            return List.of();
        }
        unknownFields(root, TOP_FIELDS, "", problems);
        JsonNode version = root.get("formatVersion");
        if (version != null && !(version.isInt() && version.intValue() == FORMAT_VERSION)) {
            problems.add("formatVersion: this library reads format version " + FORMAT_VERSION + ", not " + version);
        }
        JsonNode array = root.get("integrations");
        if (array == null || !array.isArray()) {
            problems.add("integrations: required, an array of integration objects");
            return List.of();
        }
        List<Integration> integrations = new ArrayList<>(array.size());
        Map<IntegrationId, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            Integration integration = new EntryReader(array.get(i), i, problems).read();
            if (integration == null) {
                continue;
            }
            Integer earlier = firstIndex.putIfAbsent(integration.id(), i);
            if (earlier != null) {
                problems.add(entryLabel(i, integration.id().value()) + ": id: duplicate of integrations[" + earlier
                        + "]; every id must be unique");
            } else {
                integrations.add(integration);
            }
        }
        return integrations;
    }

    private static String entryLabel(int index, @Nullable String id) {
        return "integrations[" + index + "]" + (id == null ? "" : " (id \"" + id + "\")");
    }

    private static void unknownFields(JsonNode object, Set<String> allowed, String path, List<String> problems) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problems.add(path + name + ": unknown field (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    /** Reads one entry; collects its problems with the entry's label and returns null when it has any. */
    private static final class EntryReader {
        private final JsonNode node;
        private final List<String> problems;
        private final String label;
        private boolean failed;

        EntryReader(JsonNode node, int index, List<String> problems) {
            this.node = node;
            this.problems = problems;
            JsonNode id = node.get("id");
            this.label = entryLabel(index, id != null && id.isTextual() ? id.textValue() : null);
        }

        @Nullable
        Integration read() {
            if (!node.isObject()) {
                problem("", "must be an object");
                return null;
            }
            List<String> local = new ArrayList<>();
            unknownFields(node, ENTRY_FIELDS, "", local);
            local.forEach(p -> problem("", p));

            IntegrationId id = id();
            String name = text(node, "name", "name", true);
            String description = text(node, "description", "description", true);
            if (name != null && name.strip().length() > 100) {
                problem("name", "at most 100 characters");
            }
            if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
                problem("description", "at most " + MAX_DESCRIPTION_LENGTH + " characters");
            }
            List<String> categories = strings("categories", true);
            categories.stream()
                    .filter(c -> c.length() > MAX_CATEGORY_LENGTH)
                    .forEach(c -> problem("categories", "\"" + c + "\" is longer than " + MAX_CATEGORY_LENGTH));
            List<String> aliases = strings("aliases", false);
            URI website = url("website");
            URI baseUrl = url("baseUrl");
            URI docsUrl = url("docsUrl");
            List<SettingSpec> settings = settings();
            KeyPlacement placement = placement(settings);
            String keyPattern = text(node, "keyPattern", "keyPattern", false);
            String keyFormatHint = text(node, "keyFormatHint", "keyFormatHint", false);
            if (keyPattern != null) {
                try {
                    Pattern.compile(keyPattern);
                } catch (PatternSyntaxException e) {
                    problem("keyPattern", "not a valid regular expression: " + e.getDescription());
                }
                if (keyFormatHint == null) {
                    problem(
                            "keyFormatHint",
                            "required when keyPattern is set: the form shows it for a key that" + " does not match");
                }
            }
            Probe probe = probe(baseUrl);
            OAuth2Spec oauth2 = oauth2(settings);
            if (failed || id == null || name == null || description == null || placement == null) {
                return null;
            }
            try {
                CredentialSpec credentials =
                        new CredentialSpec(placement, keyPattern, keyFormatHint, docsUrl, settings, probe, oauth2);
                return new Integration(
                        id, name.strip(), description.strip(), categories, credentials, baseUrl, website, aliases);
            } catch (IllegalArgumentException e) {
                problem("", e.getMessage());
                return null;
            }
        }

        private @Nullable IntegrationId id() {
            String value = text(node, "id", "id", true);
            if (value == null) {
                return null;
            }
            if (value.startsWith(IntegrationId.CUSTOM_PREFIX)) {
                problem(
                        "id",
                        "ids starting with \"" + IntegrationId.CUSTOM_PREFIX
                                + "\" are reserved for workspaces' custom apps");
                return null;
            }
            try {
                return IntegrationId.of(value);
            } catch (IllegalArgumentException e) {
                problem("id", e.getMessage());
                return null;
            }
        }

        private @Nullable KeyPlacement placement(List<SettingSpec> settings) {
            JsonNode auth = node.get("auth");
            if (auth == null || auth.isNull()) {
                problem(
                        "auth",
                        "required: how the key is sent ({\"type\": \"header\" | \"query\" | \"basic\" |"
                                + " \"path\", ...})");
                return null;
            }
            return placement(auth, "auth", settings);
        }

        /** A key or token placement object at {@code path}: the integration's "auth" or oauth2's "tokenPlacement". */
        private @Nullable KeyPlacement placement(JsonNode auth, String path, List<SettingSpec> settings) {
            if (!auth.isObject()) {
                problem(path, "must be an object");
                return null;
            }
            String type = text(auth, "type", path + ".type", true);
            if (type == null) {
                return null;
            }
            Set<String> allowed = AUTH_FIELDS.get(type);
            if (allowed == null) {
                problem(path + ".type", "must be one of header, query, basic, path (was \"" + type + "\")");
                return null;
            }
            List<String> local = new ArrayList<>();
            unknownFields(auth, allowed, path + ".", local);
            local.forEach(p -> problem("", p));
            try {
                switch (type) {
                    case "header" -> {
                        String name = text(auth, "name", path + ".name", true);
                        String prefix = text(auth, "prefix", path + ".prefix", false, true);
                        return name == null ? null : new KeyPlacement.Header(name, prefix == null ? "" : prefix);
                    }
                    case "query" -> {
                        String name = text(auth, "name", path + ".name", true);
                        return name == null ? null : new KeyPlacement.QueryParameter(name);
                    }
                    case "basic" -> {
                        String username = text(auth, "usernameSetting", path + ".usernameSetting", false);
                        if (username != null
                                && settings.stream().noneMatch(s -> s.name().equals(username))) {
                            problem(
                                    path + ".usernameSetting",
                                    "\"" + username + "\" is not one of this entry's settings");
                            return null;
                        }
                        return new KeyPlacement.BasicAuth(username);
                    }
                    default -> {
                        String prefix = text(auth, "prefix", path + ".prefix", false, true);
                        return new KeyPlacement.PathSegment(prefix == null ? "" : prefix);
                    }
                }
            } catch (IllegalArgumentException e) {
                problem(path, e.getMessage());
                return null;
            }
        }

        /**
         * The optional OAuth 2.0 declaration. Every field is checked here so each problem names its field;
         * {@link OAuth2Spec}'s own checks then only catch what this reader does not know about.
         */
        private @Nullable OAuth2Spec oauth2(List<SettingSpec> settings) {
            JsonNode oauth = node.get("oauth2");
            if (oauth == null || oauth.isNull()) {
                return null;
            }
            if (!oauth.isObject()) {
                problem(
                        "oauth2",
                        "must be an object: {\"authorizationUrl\": ..., \"tokenUrl\": ..., \"scopes\": [...]}");
                return null;
            }
            int before = problems.size();
            List<String> local = new ArrayList<>();
            unknownFields(oauth, OAUTH2_FIELDS, "oauth2.", local);
            local.forEach(p -> problem("", p));

            Set<GrantType> grants = grants(oauth);
            URI authorizationUrl = url(oauth, "authorizationUrl", "oauth2.authorizationUrl");
            if (authorizationUrl == null
                    && grants != null
                    && grants.contains(GrantType.AUTHORIZATION_CODE)
                    && !oauth.hasNonNull("authorizationUrl")) {
                problem("oauth2.authorizationUrl", "required for the authorization_code grant");
            }
            URI tokenUrl = url(oauth, "tokenUrl", "oauth2.tokenUrl");
            if (tokenUrl == null && !oauth.hasNonNull("tokenUrl")) {
                problem("oauth2.tokenUrl", "required");
            }
            URI revocationUrl = url(oauth, "revocationUrl", "oauth2.revocationUrl");

            String separator = text(oauth, "scopeSeparator", "oauth2.scopeSeparator", false, true);
            if (separator == null) {
                separator = " ";
            } else if (!separator.equals(" ") && !separator.equals(",")) {
                problem("oauth2.scopeSeparator", "must be \" \" or \",\" (was \"" + separator + "\")");
                separator = null;
            }
            List<String> scopes = scopes(oauth, separator);

            ClientAuthentication clientAuthentication = ClientAuthentication.CLIENT_SECRET_BASIC;
            String method = text(oauth, "clientAuthentication", "oauth2.clientAuthentication", false);
            if (method != null) {
                clientAuthentication = CLIENT_AUTHENTICATIONS.get(method);
                if (clientAuthentication == null) {
                    problem(
                            "oauth2.clientAuthentication",
                            "must be client_secret_basic or client_secret_post (was \"" + method + "\")");
                }
            }

            KeyPlacement tokenPlacement = KeyPlacement.bearer();
            JsonNode placement = oauth.get("tokenPlacement");
            if (placement != null && !placement.isNull()) {
                tokenPlacement = placement(placement, "oauth2.tokenPlacement", settings);
            }

            Map<String, String> parameters = authorizationParameters(oauth);

            if (problems.size() > before
                    || grants == null
                    || tokenUrl == null
                    || scopes == null
                    || separator == null
                    || clientAuthentication == null
                    || tokenPlacement == null
                    || parameters == null) {
                return null;
            }
            try {
                return new OAuth2Spec(
                        authorizationUrl,
                        tokenUrl,
                        revocationUrl,
                        scopes,
                        separator,
                        clientAuthentication,
                        tokenPlacement,
                        parameters,
                        grants);
            } catch (IllegalArgumentException e) {
                problem("oauth2", e.getMessage());
                return null;
            }
        }

        /** The grants, authorization code when absent; null after a problem. */
        private @Nullable Set<GrantType> grants(JsonNode oauth) {
            JsonNode array = oauth.get("grants");
            if (array == null || array.isNull()) {
                return Set.of(GrantType.AUTHORIZATION_CODE);
            }
            if (!array.isArray() || array.isEmpty()) {
                problem("oauth2.grants", "a non-empty array of \"authorization_code\" and \"client_credentials\"");
                return null;
            }
            Set<GrantType> grants = EnumSet.noneOf(GrantType.class);
            boolean ok = true;
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                GrantType grant = value.isTextual() ? GRANTS.get(value.textValue()) : null;
                if (grant == null) {
                    problem(
                            "oauth2.grants[" + i + "]",
                            "must be \"authorization_code\" or \"client_credentials\" (was " + value + ")");
                    ok = false;
                } else if (!grants.add(grant)) {
                    problem("oauth2.grants[" + i + "]", "\"" + value.textValue() + "\" is listed twice");
                    ok = false;
                }
            }
            return ok ? grants : null;
        }

        /** The scopes, required but possibly empty (an app whose scopes are fixed at registration); null after a problem. */
        private @Nullable List<String> scopes(JsonNode oauth, @Nullable String separator) {
            JsonNode array = oauth.get("scopes");
            if (array == null || array.isNull()) {
                problem("oauth2.scopes", "required, an array of scope strings ([] when the app takes none)");
                return null;
            }
            if (!array.isArray()) {
                problem("oauth2.scopes", "must be an array of scope strings");
                return null;
            }
            List<String> scopes = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                String path = "oauth2.scopes[" + i + "]";
                if (!value.isTextual()) {
                    problem(path, "must be a string");
                    ok = false;
                    continue;
                }
                String scope = value.textValue();
                // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
                if (scope.isEmpty()
                        || !scope.chars()
                                .allMatch(c -> c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E))) {
                    problem(
                            path,
                            "\"" + scope + "\" is not one scope token (printable ASCII, no space, quote or"
                                    + " backslash)");
                    ok = false;
                } else if (separator != null && scope.contains(separator)) {
                    problem(path, "\"" + scope + "\" contains the scope separator; list each scope on its own");
                    ok = false;
                } else if (scopes.contains(scope)) {
                    problem(path, "\"" + scope + "\" is listed twice");
                    ok = false;
                } else {
                    scopes.add(scope);
                }
            }
            return ok ? scopes : null;
        }

        /** Extra authorization request parameters, in order; null after a problem. */
        private @Nullable Map<String, String> authorizationParameters(JsonNode oauth) {
            JsonNode object = oauth.get("authorizationParameters");
            if (object == null || object.isNull()) {
                return Map.of();
            }
            if (!object.isObject()) {
                problem(
                        "oauth2.authorizationParameters",
                        "must be an object of string values, e.g. {\"access_type\": \"offline\"}");
                return null;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            boolean ok = true;
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String path = "oauth2.authorizationParameters." + field.getKey();
                if (field.getKey().isBlank()) {
                    problem("oauth2.authorizationParameters", "a parameter name must not be blank");
                    ok = false;
                } else if (OAuth2Spec.RESERVED_PARAMETERS.contains(
                        field.getKey().toLowerCase(Locale.ROOT))) {
                    problem(path, "set by the authorization flow itself; it cannot be given here");
                    ok = false;
                } else if (!field.getValue().isTextual()) {
                    problem(path, "must be a string");
                    ok = false;
                } else {
                    parameters.put(field.getKey(), field.getValue().textValue());
                }
            }
            return ok ? parameters : null;
        }

        /** The optional "Test connection" request; it needs a base URL to be sent to. */
        private @Nullable Probe probe(@Nullable URI baseUrl) {
            JsonNode probe = node.get("probe");
            if (probe == null || probe.isNull()) {
                return null;
            }
            if (!probe.isObject()) {
                problem("probe", "must be an object: {\"path\": \"/models\"}");
                return null;
            }
            List<String> local = new ArrayList<>();
            unknownFields(probe, PROBE_FIELDS, "probe.", local);
            local.forEach(p -> problem("", p));
            if (baseUrl == null) {
                problem("probe", "needs the entry's baseUrl: the probe's path is relative to it");
            }
            String path = text(probe, "path", "probe.path", true);
            String method = text(probe, "method", "probe.method", false);
            Set<Integer> valid = statuses(probe, "valid", Probe.DEFAULT_VALID);
            Set<Integer> invalid = statuses(probe, "invalid", Probe.DEFAULT_INVALID);
            if (path == null || valid == null || invalid == null) {
                return null;
            }
            try {
                return new Probe(method == null ? "GET" : method, path, valid, invalid);
            } catch (IllegalArgumentException e) {
                problem("probe", e.getMessage());
                return null;
            }
        }

        private @Nullable Set<Integer> statuses(JsonNode probe, String field, Set<Integer> otherwise) {
            JsonNode array = probe.get(field);
            if (array == null || array.isNull()) {
                return otherwise;
            }
            Set<Integer> statuses = new java.util.TreeSet<>();
            if (array.isArray()) {
                array.forEach(status -> {
                    if (status.isInt()) {
                        statuses.add(status.intValue());
                    }
                });
            }
            if (!array.isArray() || statuses.size() != array.size()) {
                problem("probe." + field, "must be an array of HTTP status numbers, e.g. [401, 403]");
                return null;
            }
            return statuses;
        }

        private List<SettingSpec> settings() {
            JsonNode array = node.get("settings");
            if (array == null || array.isNull()) {
                return List.of();
            }
            if (!array.isArray()) {
                problem("settings", "must be an array of setting objects");
                return List.of();
            }
            List<SettingSpec> settings = new ArrayList<>();
            for (int s = 0; s < array.size(); s++) {
                String path = "settings[" + s + "]";
                JsonNode setting = array.get(s);
                if (!setting.isObject()) {
                    problem(path, "must be an object");
                    continue;
                }
                List<String> local = new ArrayList<>();
                unknownFields(setting, SETTING_FIELDS, path + ".", local);
                local.forEach(p -> problem("", p));
                String name = text(setting, "name", path + ".name", true);
                String label = text(setting, "label", path + ".label", true);
                String defaultValue = text(setting, "default", path + ".default", false);
                String header = text(setting, "header", path + ".header", false);
                JsonNode required = setting.get("required");
                if (required != null && !required.isBoolean()) {
                    problem(path + ".required", "must be true or false");
                }
                if (name == null || label == null) {
                    continue;
                }
                if (settings.stream().anyMatch(other -> other.name().equals(name))) {
                    problem(path + ".name", "duplicate setting name \"" + name + "\"");
                    continue;
                }
                try {
                    settings.add(new SettingSpec(
                            name, label, defaultValue, required != null && required.asBoolean(), header));
                } catch (IllegalArgumentException e) {
                    problem(path, e.getMessage());
                }
            }
            return settings;
        }

        private List<String> strings(String field, boolean required) {
            JsonNode array = node.get(field);
            if (array == null || array.isNull()) {
                if (required) {
                    problem(field, "required, a non-empty array of strings");
                }
                return List.of();
            }
            if (!array.isArray() || (required && array.isEmpty())) {
                problem(field, (required ? "a non-empty" : "an") + " array of strings");
                return List.of();
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (!value.isTextual() || value.textValue().isBlank()) {
                    problem(field + "[" + i + "]", "must be a non-blank string");
                } else {
                    values.add(value.textValue().strip());
                }
            }
            return values;
        }

        private @Nullable URI url(String field) {
            return url(node, field, field);
        }

        private @Nullable URI url(JsonNode object, String field, String path) {
            String value = text(object, field, path, false);
            if (value == null) {
                return null;
            }
            try {
                URI uri = new URI(value);
                if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    problem(path, "must be an absolute https URL (was \"" + value + "\")");
                    return null;
                }
                return uri;
            } catch (URISyntaxException e) {
                problem(path, "not a valid URL: " + e.getReason());
                return null;
            }
        }

        private @Nullable String text(JsonNode object, String field, String path, boolean required) {
            return text(object, field, path, required, false);
        }

        private @Nullable String text(JsonNode object, String field, String path, boolean required, boolean blankOk) {
            JsonNode value = object.get(field);
            if (value == null || value.isNull()) {
                if (required) {
                    problem(path, "required");
                }
                return null;
            }
            if (!value.isTextual()) {
                problem(path, "must be a string");
                return null;
            }
            if (!blankOk && value.textValue().isBlank()) {
                problem(path, "must not be blank");
                return null;
            }
            return value.textValue();
        }

        private void problem(String field, @Nullable String message) {
            failed = true;
            problems.add(label + ": " + (field.isEmpty() ? "" : field + ": ") + message);
        }
    }
}
