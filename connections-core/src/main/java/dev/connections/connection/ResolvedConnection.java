package dev.connections.connection;

import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.secret.Secret;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What triggering an integration needs (B8): the connection, how its key is sent, and scoped access to
 * the plain key.
 *
 * <p>The key stays encrypted inside this object; {@link #withKey} decrypts it for the duration of one
 * call and wipes it afterwards, so holding a {@code ResolvedConnection} never holds a plain key.
 */
public final class ResolvedConnection {
    private final Connection connection;
    private final Integration integration;
    private final Supplier<Secret> keyOpener;
    private final Supplier<Secret> renewedKeyOpener;

    /**
     * @param keyOpener decrypts the key on each call; each call returns a new {@link Secret} the caller
     *     owns
     */
    public ResolvedConnection(Connection connection, Integration integration, Supplier<Secret> keyOpener) {
        this(connection, integration, keyOpener, keyOpener);
    }

    /**
     * A resolved connection whose key can be renewed: an OAuth connection, whose access token is refreshed when
     * the app refused it.
     *
     * @param keyOpener gives the key (access token) to send, as the three-argument constructor's
     * @param renewedKeyOpener gives a newer key after the one from {@code keyOpener} was refused
     */
    public ResolvedConnection(
            Connection connection,
            Integration integration,
            Supplier<Secret> keyOpener,
            Supplier<Secret> renewedKeyOpener) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.integration = Objects.requireNonNull(integration, "integration");
        this.keyOpener = Objects.requireNonNull(keyOpener, "keyOpener");
        this.renewedKeyOpener = Objects.requireNonNull(renewedKeyOpener, "renewedKeyOpener");
        if (!connection.integration().equals(integration.id())) {
            throw new IllegalArgumentException("connection and integration do not match");
        }
    }

    /** The resolved connection (no key material). */
    public Connection connection() {
        return connection;
    }

    /** The app, with how its key is sent. */
    public Integration integration() {
        return integration;
    }

    /** Where the key goes in a request: for a connection made by OAuth, where the app wants its access token. */
    public KeyPlacement placement() {
        if (connection.isOAuth()) {
            var oauth = integration.credentials().oauth();
            if (oauth.isPresent()) {
                return oauth.get().tokenPlacement();
            }
        }
        return integration.credentials().placement();
    }

    /** The app's base URL, when known. */
    public Optional<URI> baseUrl() {
        return integration.baseUrlIfKnown();
    }

    /**
     * The connection's non-secret settings, with the integration's defaults filled in for those it does
     * not set.
     */
    public Map<String, String> settings() {
        var merged = new java.util.TreeMap<String, String>();
        integration.credentials().settings().forEach(s -> {
            if (s.defaultValue() != null) {
                merged.put(s.name(), s.defaultValue());
            }
        });
        merged.putAll(connection.settings());
        return java.util.Collections.unmodifiableMap(merged);
    }

    /**
     * Headers to add to every request besides the key, from settings that declare a header (e.g.
     * {@code Notion-Version}).
     */
    public Map<String, String> settingHeaders() {
        Map<String, String> values = settings();
        var headers = new java.util.TreeMap<String, String>();
        integration.credentials().settings().forEach(s -> {
            if (s.header() != null && values.containsKey(s.name())) {
                headers.put(s.header(), values.get(s.name()));
            }
        });
        return java.util.Collections.unmodifiableMap(headers);
    }

    /**
     * Decrypts the key, passes it to {@code use}, and wipes it when {@code use} returns or throws.
     *
     * @throws dev.connections.error.SecretIntegrityException when the stored key cannot be decrypted
     */
    public <T> T withKey(Function<Secret, T> use) {
        try (Secret key = keyOpener.get()) {
            return use.apply(key);
        }
    }

    /**
     * Like {@link #withKey(Function)}, and when {@code refused} says the app refused the key (an HTTP 401), once
     * more with a renewed one: for a connection made by OAuth, a freshly refreshed access token (one refresh
     * however many callers report the same refused token). An API key cannot be renewed, so its result is
     * returned as it is.
     *
     * @param refused tells from {@code use}'s result whether the app refused the key
     * @throws dev.connections.error.ReconnectRequiredException when the provider refused the grant itself
     */
    public <T> T withKey(Function<Secret, T> use, java.util.function.Predicate<? super T> refused) {
        T result = withKey(use);
        if (!connection.isOAuth() || !refused.test(result)) {
            return result;
        }
        try (Secret key = renewedKeyOpener.get()) {
            return use.apply(key);
        }
    }

    @Override
    public String toString() {
        return "ResolvedConnection[connection=" + connection.id() + ", integration=" + integration.id() + ", name="
                + connection.name() + ", keyHint=" + connection.keyHint() + "]";
    }
}
