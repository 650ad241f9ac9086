package dev.connections;

import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.GrantType;
import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.OAuth2Spec;
import dev.connections.catalog.Probe;
import dev.connections.catalog.SettingSpec;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.connection.NameRules;
import dev.connections.error.ConnectionValidationException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.IntegrationCatalog;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which app an id names: a catalog integration, one of the workspace's custom apps (identity derived from
 * its name, definition checked on reuse), or a stand-in for an app retired from the catalog.
 */
final class AppDirectory {
    static final String BASIC_USERNAME_SETTING = "username";

    private final IntegrationCatalog catalog;
    private final ConnectionRepository repository;

    AppDirectory(IntegrationCatalog catalog, ConnectionRepository repository) {
        this.catalog = catalog;
        this.repository = repository;
    }

    IntegrationCatalog catalog() {
        return catalog;
    }

    /** The app with this id as the workspace sees it. */
    Optional<Integration> find(WorkspaceId workspace, IntegrationId id) {
        return id.isCustom() ? repository.findCustomApp(workspace, id) : catalog.find(id);
    }

    /** The app, or a stand-in when it is gone, so its connections stay manageable. */
    Integration findOrRetired(WorkspaceId workspace, IntegrationId id) {
        return find(workspace, id).orElseGet(() -> retired(id));
    }

    /** The apps behind these ids, custom ones read in one call; ids of apps that are gone map to stand-ins. */
    Map<IntegrationId, Integration> all(WorkspaceId workspace, Iterable<IntegrationId> ids) {
        Map<IntegrationId, Integration> custom = new LinkedHashMap<>();
        Map<IntegrationId, Integration> out = new LinkedHashMap<>();
        boolean customRead = false;
        for (IntegrationId id : ids) {
            if (id.isCustom() && !customRead) {
                repository.customApps(workspace).forEach(app -> custom.put(app.id(), app));
                customRead = true;
            }
            Integration app = id.isCustom() ? custom.get(id) : catalog.find(id).orElse(null);
            out.put(id, app == null ? retired(id) : app);
        }
        return out;
    }

    /**
     * The custom app a spec creates, or reuses when the workspace has one of that name: a stored app whose
     * name has the same {@link NameRules#key} (found by name, since an app stored by an older version has
     * an id derived from its name by the old rule), else the id the name derives.
     */
    Integration wanted(WorkspaceId workspace, CustomConnectionSpec spec) {
        String key = NameRules.key(spec.appName());
        IntegrationId id = repository.customApps(workspace).stream()
                .filter(app -> NameRules.key(app.displayName()).equals(key))
                .map(Integration::id)
                .sorted()
                .findFirst()
                .orElseGet(() -> customAppId(spec.appName()));
        return definition(spec, id);
    }

    /** The stored custom app with the wanted definition's id, if the workspace has one. */
    Optional<Integration> stored(WorkspaceId workspace, Integration wanted) {
        return repository.findCustomApp(workspace, wanted.id());
    }

    /**
     * Stores the custom app unless the workspace has it; a concurrent creation with another definition is a
     * field error on the app name.
     */
    void ensure(WorkspaceId workspace, Integration wanted) {
        if (!repository.addCustomApp(workspace, wanted)) {
            Integration stored =
                    repository.findCustomApp(workspace, wanted.id()).orElseThrow();
            if (!sameDefinition(stored, wanted)) {
                throw ConnectionValidationException.of(
                        "appName", "A custom app with this name was just created with other settings.");
            }
        }
    }

    /**
     * Custom app ids derive from the name's {@link NameRules#key}, so adding two connections to "Acme CRM"
     * (or to "ACME\u00A0CRM") lands in one app even when two requests race; the hash keeps names with the
     * same slug apart.
     */
    static IntegrationId customAppId(String appName) {
        String key = NameRules.key(appName);
        String slug = Normalizer.normalize(key, Normalizer.Form.NFD)
                .replaceAll("\\p{M}+", "")
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-+|-+$)", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40).replaceAll("-+$", "");
        }
        String hash = HexFormat.of().formatHex(sha256(key), 0, 4);
        return IntegrationId.of(IntegrationId.CUSTOM_PREFIX + (slug.isEmpty() ? "" : slug + "-") + hash);
    }

    /**
     * Same app for a second connection: same base URL, same way of sending the key and the same OAuth 2.0
     * endpoints, scopes and client authentication (or none on both): a connection must not be made against
     * endpoints its app does not name.
     */
    static boolean sameDefinition(Integration stored, Integration wanted) {
        return Objects.equals(stored.baseUrl(), wanted.baseUrl())
                && stored.credentials().placement().equals(wanted.credentials().placement())
                && Objects.equals(
                        stored.credentials().oauth2(), wanted.credentials().oauth2());
    }

    /** The {@code appName} error when a name is taken by a custom app with another definition. */
    static String otherDefinition(Integration stored, Integration wanted) {
        boolean oauth =
                stored.credentials().oauth2() != null || wanted.credentials().oauth2() != null;
        return oauth
                ? "A custom app with this name already exists with other settings; use the same base URL, token"
                        + " placement and OAuth 2.0 endpoints, scopes and client authentication, or another name."
                : "A custom app with this name already exists with other settings; use the same base URL and"
                        + " key placement, or another name.";
    }

    /** Stand-in for an app that is no longer in the catalog, so its connections stay manageable. */
    static Integration retired(IntegrationId id) {
        return new Integration(
                id,
                id.value(),
                "This app is no longer available in the catalog.",
                List.of(),
                CredentialSpec.of(KeyPlacement.bearer()),
                null,
                null);
    }

    /** The non-secret settings a custom connection stores: the spec's, plus the basic-auth user name. */
    static Map<String, String> settings(CustomConnectionSpec spec) {
        Map<String, String> settings = new LinkedHashMap<>(spec.settings());
        if (sendsUsername(spec)) {
            settings.put(BASIC_USERNAME_SETTING, spec.basicUsername());
        }
        return settings;
    }

    /** Whether a custom app keeps a basic-auth user name as its setting {@value #BASIC_USERNAME_SETTING}. */
    static boolean sendsUsername(CustomConnectionSpec spec) {
        return spec.authType() == CustomConnectionSpec.AuthType.BASIC_AUTH
                && !spec.basicUsername().isEmpty();
    }

    static Integration definition(CustomConnectionSpec spec, IntegrationId id) {
        KeyPlacement placement;
        List<SettingSpec> settings = new ArrayList<>();
        switch (spec.authType()) {
            case HEADER -> placement = new KeyPlacement.Header(spec.keyName(), spec.keyPrefix());
            case QUERY_PARAMETER -> placement = new KeyPlacement.QueryParameter(spec.keyName());
            default -> {
                if (spec.basicUsername().isEmpty()) {
                    placement = new KeyPlacement.BasicAuth(null);
                } else {
                    placement = new KeyPlacement.BasicAuth(BASIC_USERNAME_SETTING);
                    settings.add(new SettingSpec(BASIC_USERNAME_SETTING, "Username", null, true, null));
                }
            }
        }
        spec.settings().keySet().stream()
                .sorted()
                .forEach(name -> settings.add(new SettingSpec(name, name, null, false, null)));
        URI baseUrl = spec.baseUrl().isEmpty() ? null : URI.create(spec.baseUrl());
        return new Integration(
                id,
                spec.appName().isBlank() ? "Custom app" : spec.appName(),
                "Custom app",
                List.of("Custom"),
                new CredentialSpec(
                        placement,
                        null,
                        null,
                        null,
                        settings,
                        spec.probePath().isEmpty() ? null : Probe.get(spec.probePath()),
                        spec.oauth2() == null ? null : oauth2(spec.oauth2(), placement)),
                baseUrl,
                null);
    }

    /** A custom app's OAuth 2.0 declaration: authorization code only, the token sent as the key would be. */
    static OAuth2Spec oauth2(CustomConnectionSpec.OAuth2 oauth, KeyPlacement placement) {
        return new OAuth2Spec(
                URI.create(oauth.authorizationUrl()),
                URI.create(oauth.tokenUrl()),
                oauth.revocationUrl().isEmpty() ? null : URI.create(oauth.revocationUrl()),
                oauth.scopes(),
                " ",
                oauth.clientAuthentication(),
                placement,
                Map.of(),
                Set.of(GrantType.AUTHORIZATION_CODE));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
