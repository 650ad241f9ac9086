package dev.connections.catalog.bundled;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.Integration;
import dev.connections.catalog.InvalidCatalogException;
import dev.connections.catalog.KeyPlacement;
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
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
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
            "$comment");
    private static final Map<String, Set<String>> AUTH_FIELDS = Map.of(
            "header", Set.of("type", "name", "prefix"),
            "query", Set.of("type", "name"),
            "basic", Set.of("type", "usernameSetting"),
            "path", Set.of("type", "prefix"));
    private static final Set<String> SETTING_FIELDS = Set.of("name", "label", "default", "required", "header");
    private static final Set<String> PROBE_FIELDS = Set.of("method", "path", "valid", "invalid");
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
            if (failed || id == null || name == null || description == null || placement == null) {
                return null;
            }
            try {
                CredentialSpec credentials =
                        new CredentialSpec(placement, keyPattern, keyFormatHint, docsUrl, settings, probe);
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
            if (!auth.isObject()) {
                problem("auth", "must be an object");
                return null;
            }
            String type = text(auth, "type", "auth.type", true);
            if (type == null) {
                return null;
            }
            Set<String> allowed = AUTH_FIELDS.get(type);
            if (allowed == null) {
                problem("auth.type", "must be one of header, query, basic, path (was \"" + type + "\")");
                return null;
            }
            List<String> local = new ArrayList<>();
            unknownFields(auth, allowed, "auth.", local);
            local.forEach(p -> problem("", p));
            try {
                switch (type) {
                    case "header" -> {
                        String name = text(auth, "name", "auth.name", true);
                        String prefix = text(auth, "prefix", "auth.prefix", false, true);
                        return name == null ? null : new KeyPlacement.Header(name, prefix == null ? "" : prefix);
                    }
                    case "query" -> {
                        String name = text(auth, "name", "auth.name", true);
                        return name == null ? null : new KeyPlacement.QueryParameter(name);
                    }
                    case "basic" -> {
                        String username = text(auth, "usernameSetting", "auth.usernameSetting", false);
                        if (username != null
                                && settings.stream().noneMatch(s -> s.name().equals(username))) {
                            problem("auth.usernameSetting", "\"" + username + "\" is not one of this entry's settings");
                            return null;
                        }
                        return new KeyPlacement.BasicAuth(username);
                    }
                    default -> {
                        String prefix = text(auth, "prefix", "auth.prefix", false, true);
                        return new KeyPlacement.PathSegment(prefix == null ? "" : prefix);
                    }
                }
            } catch (IllegalArgumentException e) {
                problem("auth", e.getMessage());
                return null;
            }
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
            String value = text(node, field, field, false);
            if (value == null) {
                return null;
            }
            try {
                URI uri = new URI(value);
                if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    problem(field, "must be an absolute https URL (was \"" + value + "\")");
                    return null;
                }
                return uri;
            } catch (URISyntaxException e) {
                problem(field, "not a valid URL: " + e.getReason());
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
