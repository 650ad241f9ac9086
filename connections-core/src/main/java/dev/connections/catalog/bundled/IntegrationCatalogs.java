package dev.connections.catalog.bundled;

import dev.connections.catalog.Integration;
import dev.connections.catalog.InvalidCatalogException;
import dev.connections.spi.IntegrationCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Ready-made {@link IntegrationCatalog}s: the bundled catalog of real integrations, catalogs read from
 * JSON or built from values, and combinations of catalogs.
 *
 * <p>A host that adds its own integrations to the bundled ones writes {@code
 * IntegrationCatalogs.composite(IntegrationCatalogs.fromJson(path), IntegrationCatalogs.bundled())}:
 * the first catalog wins when two hold the same id, so the host's entry replaces the bundled one.
 * Every catalog made here is immutable, thread-safe, sorts {@code all()} by display name and indexes
 * its search once.
 *
 * <h2>Catalog JSON</h2>
 *
 * <pre>{@code
 * { "formatVersion": 1,
 *   "integrations": [
 *     { "id": "anthropic",                        // slug; "custom-..." is reserved
 *       "name": "Anthropic",                      // display name, 1-100 characters
 *       "description": "Claude models ...",       // up to 500 characters
 *       "categories": ["AI"],                     // at least one
 *       "aliases": ["Claude"],                    // optional: other names search finds
 *       "website": "https://www.anthropic.com",   // optional, https
 *       "baseUrl": "https://api.anthropic.com/v1",// optional, https (absent: per-tenant host)
 *       "docsUrl": "https://docs.anthropic.com/en/api/getting-started",  // where to get a key
 *       "auth": { "type": "header", "name": "x-api-key" },
 *       "keyPattern": "sk-ant-[A-Za-z0-9_-]{20,}",// optional full-match format check ...
 *       "keyFormatHint": "starts with sk-ant-",   // ... which then needs a hint
 *       "settings": [ { "name": "anthropicVersion", "label": "API version", "default": "2023-06-01",
 *                       "required": true, "header": "anthropic-version" } ] } ] }
 * }</pre>
 *
 * <p>{@code auth} is one of {@code {"type": "header", "name": ..., "prefix": "Bearer "}} (prefix
 * optional), {@code {"type": "query", "name": ...}}, {@code {"type": "basic"}} (the key is the
 * username) or {@code {"type": "basic", "usernameSetting": ...}} (the named setting is the username,
 * the key the password), and {@code {"type": "path", "prefix": "bot"}}.
 *
 * <h3>OAuth 2.0</h3>
 *
 * <p>An app that also grants access by OAuth 2.0 declares it in an optional {@code "oauth2"} object,
 * read into {@link dev.connections.catalog.OAuth2Spec}; an entry without one offers API keys only:
 *
 * <pre>{@code
 * "oauth2": {
 *   "authorizationUrl": "https://auth.atlassian.com/authorize",  // https; required for authorization_code
 *   "tokenUrl": "https://auth.atlassian.com/oauth/token",        // https, required
 *   "revocationUrl": "https://example.com/oauth/revoke",         // optional: an RFC 7009 endpoint only
 *   "scopes": ["read:jira-work", "offline_access"],              // required, may be []: each one scope token
 *   "scopeSeparator": " ",                                       // optional: " " (default) or ","
 *   "clientAuthentication": "client_secret_post",                // optional: "client_secret_basic" (default)
 *   "tokenPlacement": { "type": "header", "name": "Authorization", "prefix": "Bearer " },  // optional
 *   "authorizationParameters": { "audience": "api.atlassian.com", "prompt": "consent" }, // optional
 *   "grants": ["authorization_code"],                            // optional: and/or "client_credentials"
 *   "$comment": "https://developer.atlassian.com/..." }          // optional: where the values come from
 * }</pre>
 *
 * <p>{@code tokenPlacement} has the shape of {@code auth} and says where the access token goes; it
 * defaults to {@code Authorization: Bearer <token>} whatever {@code auth} says, since most apps take
 * OAuth tokens as bearer tokens even when their API keys go elsewhere. {@code grants} defaults to
 * {@code ["authorization_code"]}, which needs an {@code authorizationUrl}. {@code
 * authorizationParameters} are string values added to the authorization request (Google's {@code
 * access_type=offline}); the parameters the flow sets itself ({@code state}, {@code scope}, {@code
 * redirect_uri}, {@code code_challenge}…) are refused. PKCE needs no field: the flow always sends it.
 *
 * <p>Unknown fields, duplicate ids
 * and duplicate keys inside an object are errors, so that a typo never silently drops data; every
 * problem is reported at once in an {@link InvalidCatalogException}. The bundled file, {@value
 * #BUNDLED_RESOURCE}, is a complete example.
 */
public final class IntegrationCatalogs {
    /** Classpath location of the bundled catalog, in the JSON format {@link #fromJson(InputStream)} reads. */
    public static final String BUNDLED_RESOURCE = "/dev/connections/catalog/integrations.json";

    private static final Object BUNDLED_LOCK = new Object();
    private static volatile @Nullable IntegrationCatalog bundled;

    private IntegrationCatalogs() {}

    /**
     * The catalog shipped with the library: real pre-built integrations with how each sends its key.
     * Read and indexed on first use, then shared.
     *
     * @throws InvalidCatalogException if the bundled resource is damaged (a packaging error)
     */
    public static IntegrationCatalog bundled() {
        IntegrationCatalog catalog = bundled;
        if (catalog == null) {
            synchronized (BUNDLED_LOCK) {
                catalog = bundled;
                if (catalog == null) {
                    catalog = loadBundled();
                    bundled = catalog;
                }
            }
        }
        return catalog;
    }

    /**
     * A catalog read from JSON in the format described above. The stream is read but not closed.
     *
     * @throws InvalidCatalogException listing every problem with the entry and field it concerns
     * @throws UncheckedIOException if the stream cannot be read
     */
    public static IntegrationCatalog fromJson(InputStream json) {
        Objects.requireNonNull(json, "json");
        return fromJson(json, "(stream)");
    }

    /**
     * A catalog read from a JSON file.
     *
     * @throws InvalidCatalogException listing every problem with the entry and field it concerns
     * @throws UncheckedIOException if the file cannot be read
     */
    public static IntegrationCatalog fromJson(Path file) {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return fromJson(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the integration catalog " + file, e);
        }
    }

    /**
     * A catalog read from JSON, naming {@code source} (a file name, a URL…) in error messages. The
     * stream is not closed.
     */
    public static IntegrationCatalog fromJson(InputStream json, String source) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(source, "source");
        return new ListCatalog(source, CatalogJson.read(json, source));
    }

    /**
     * A catalog of exactly these integrations.
     *
     * @throws InvalidCatalogException if two share an id or an id is reserved for custom apps
     */
    public static IntegrationCatalog of(Integration... integrations) {
        return of(Arrays.asList(integrations));
    }

    /**
     * A catalog of exactly these integrations.
     *
     * @throws InvalidCatalogException if two share an id or an id is reserved for custom apps
     */
    public static IntegrationCatalog of(Collection<Integration> integrations) {
        Objects.requireNonNull(integrations, "integrations");
        return new ListCatalog("of " + integrations.size() + " integrations", integrations);
    }

    /**
     * The integrations of all {@code catalogs}; when several hold an id, the first one's entry is used
     * and the others' are hidden. Parts are asked again on every call, so a part whose contents change
     * is reflected.
     */
    public static IntegrationCatalog composite(IntegrationCatalog... catalogs) {
        return composite(Arrays.asList(catalogs));
    }

    /** Like {@link #composite(IntegrationCatalog...)} for a list. */
    public static IntegrationCatalog composite(List<IntegrationCatalog> catalogs) {
        Objects.requireNonNull(catalogs, "catalogs");
        return DerivedCatalog.composite(catalogs);
    }

    /**
     * The integrations of {@code catalog} that {@code keep} accepts, e.g. the bundled catalog without
     * the apps a host does not offer: {@code filtered(bundled(), i -> !i.id().value().equals("zapier"))}.
     */
    public static IntegrationCatalog filtered(IntegrationCatalog catalog, Predicate<Integration> keep) {
        return DerivedCatalog.filtered(catalog, keep);
    }

    private static IntegrationCatalog loadBundled() {
        try (InputStream in = IntegrationCatalogs.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new InvalidCatalogException(
                        BUNDLED_RESOURCE, List.of("the resource is missing from the classpath"));
            }
            return new ListCatalog("bundled", CatalogJson.read(in, BUNDLED_RESOURCE));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the bundled integration catalog", e);
        }
    }
}
