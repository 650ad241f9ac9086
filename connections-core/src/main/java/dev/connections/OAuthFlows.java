package dev.connections;

import dev.connections.catalog.GrantType;
import dev.connections.catalog.Integration;
import dev.connections.catalog.OAuth2Spec;
import dev.connections.connection.Connection;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.connection.NameRules;
import dev.connections.connection.OAuthGrant;
import dev.connections.error.AuthorizationFailedException;
import dev.connections.error.AuthorizationFailedException.Reason;
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.error.IntegrationNotFoundException;
import dev.connections.id.Actor;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.oauth.AuthorizationCallback;
import dev.connections.oauth.AuthorizationRequest;
import dev.connections.oauth.AuthorizationStart;
import dev.connections.oauth.Disconnection;
import dev.connections.oauth.Disconnection.Revocation;
import dev.connections.oauth.OAuthClient;
import dev.connections.oauth.OAuthClients;
import dev.connections.oauth.OAuthProtocol;
import dev.connections.oauth.TokenEndpointException;
import dev.connections.oauth.TokenGrant;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import dev.connections.spi.AuthorizationState;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth 2.0 flows behind {@link Connections#oauth()}: starting and finishing the authorization code flow
 * (PKCE S256, a server-side single-use state), the client credentials grant, reconnecting, and deleting with
 * revocation. Storing what a flow produced is {@link ConnectionWrites}'s job, as for keys.
 */
final class OAuthFlows {
    private static final Logger LOG = LoggerFactory.getLogger(OAuthFlows.class);
    /** How long a started authorization may be finished: the bound, and longer than any login takes. */
    static final Duration STATE_LIFETIME = Duration.ofMinutes(10);

    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConnectionRepository repository;
    private final SecretStore secrets;
    private final AppDirectory apps;
    private final ActiveCipher keys;
    private final ConnectionWrites writes;
    private final InputValidation validation;
    private final ConnectionNames names;
    private final @Nullable OAuthProtocol protocol;
    private final OAuthClients clients;
    private final Clock clock;
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.MIN);

    OAuthFlows(
            ConnectionRepository repository,
            SecretStore secrets,
            AppDirectory apps,
            ActiveCipher keys,
            ConnectionWrites writes,
            InputValidation validation,
            ConnectionNames names,
            @Nullable OAuthProtocol protocol,
            OAuthClients clients,
            Clock clock) {
        this.repository = repository;
        this.secrets = secrets;
        this.apps = apps;
        this.keys = keys;
        this.writes = writes;
        this.validation = validation;
        this.names = names;
        this.protocol = protocol;
        this.clients = clients;
        this.clock = clock;
    }

    /** Whether OAuth is configured at all; without it, deletes need not look for tokens to revoke. */
    boolean enabled() {
        return protocol != null;
    }

    AuthorizationStart start(
            @Nullable Actor actor, WorkspaceId workspace, IntegrationId integration, String name, URI redirectUri) {
        Integration app = apps.find(workspace, integration)
                .orElseThrow(() -> new IntegrationNotFoundException(workspace, integration));
        String normalized = InputValidation.normalizeName(name);
        FieldErrors errors = new FieldErrors();
        OAuthClient client = usableClient(workspace, app, GrantType.AUTHORIZATION_CODE, errors);
        validation.checkName(normalized, "name", errors);
        checkRedirectUri(redirectUri, errors);
        if (errors.isEmpty()) {
            names.checkFree(workspace, integration, normalized, null, "name", errors);
        }
        errors.throwIfAny();
        return begin(
                actor,
                workspace,
                app,
                Objects.requireNonNull(client),
                ConnectionId.random(),
                false,
                normalized,
                redirectUri);
    }

    /**
     * Starts the flow for a custom app described by {@code spec}: validated field by field like {@code
     * addCustomConnection} (its OAuth 2.0 URLs under the same policy as the base URL), the app created unless
     * the workspace has one of that name with the same definition, then begun as {@link #start}.
     */
    AuthorizationStart startCustom(
            @Nullable Actor actor, WorkspaceId workspace, CustomConnectionSpec spec, URI redirectUri) {
        FieldErrors errors = new FieldErrors();
        if (spec.oauth2() == null) {
            errors.add("oauth2", "Give the app's OAuth 2.0 endpoints to connect it by signing in.");
        } else if (spec.apiKey() != null) {
            errors.add("apiKey", "A connection made by signing in with OAuth 2.0 has no API key; leave it empty.");
        }
        validation.checkCustom(spec, errors);
        checkRedirectUri(redirectUri, errors);
        Integration wanted = null;
        OAuthClient client = null;
        if (spec.oauth2() != null && errors.isEmptyExcept("connectionName", "apiKey", "redirectUri")) {
            wanted = apps.wanted(workspace, spec);
            Optional<Integration> existing = apps.stored(workspace, wanted);
            if (existing.isPresent() && !AppDirectory.sameDefinition(existing.get(), wanted)) {
                errors.add("appName", AppDirectory.otherDefinition(existing.get(), wanted));
            } else {
                client = usableClient(workspace, wanted, GrantType.AUTHORIZATION_CODE, "oauth2", errors);
                if (errors.isEmpty()) {
                    names.checkFree(workspace, wanted.id(), spec.connectionName(), null, "connectionName", errors);
                }
            }
        }
        errors.throwIfAny();
        Integration app = Objects.requireNonNull(wanted);
        // Before the user leaves for the provider: the callback finds the app by id, as for catalog apps.
        apps.ensure(workspace, app);
        return begin(
                actor,
                workspace,
                app,
                Objects.requireNonNull(client),
                ConnectionId.random(),
                false,
                spec.connectionName(),
                redirectUri);
    }

    AuthorizationStart startReconnect(@Nullable Actor actor, WorkspaceId workspace, ConnectionId id, URI redirectUri) {
        Connection connection =
                repository.find(workspace, id).orElseThrow(() -> new ConnectionNotFoundException(workspace, id));
        Integration app = apps.findOrRetired(workspace, connection.integration());
        FieldErrors errors = new FieldErrors();
        OAuthGrant grant = connection.grant();
        if (grant == null || grant.type() != GrantType.AUTHORIZATION_CODE) {
            errors.add("connection", "Only a connection made by signing in with OAuth 2.0 can be reconnected.");
        }
        OAuthClient client = usableClient(workspace, app, GrantType.AUTHORIZATION_CODE, errors);
        checkRedirectUri(redirectUri, errors);
        errors.throwIfAny();
        return begin(actor, workspace, app, Objects.requireNonNull(client), id, true, connection.name(), redirectUri);
    }

    private AuthorizationStart begin(
            @Nullable Actor actor,
            WorkspaceId workspace,
            Integration app,
            OAuthClient client,
            ConnectionId connection,
            boolean reconnect,
            String name,
            URI redirectUri) {
        OAuth2Spec spec = spec(app);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        purgeExpiredStates(now);
        String state = newState();
        AuthorizationRequest request = requireProtocol().authorizationRequest(spec, client, redirectUri, state);
        SecretRef verifierRef = SecretRef.random(now);
        SealedSecret sealedVerifier;
        try (Secret verifier = request.codeVerifier()) {
            sealedVerifier = keys.seal(verifier, new SecretBinding(workspace, connection, verifierRef));
        }
        Instant expiresAt = now.plus(STATE_LIFETIME);
        repository.saveAuthorizationState(new AuthorizationState(
                hash(state),
                workspace,
                app.id(),
                actorId(actor),
                connection,
                reconnect,
                name,
                redirectUri,
                verifierRef,
                sealedVerifier,
                now,
                expiresAt));
        return new AuthorizationStart(request.url(), expiresAt);
    }

    Connection complete(@Nullable Actor actor, WorkspaceId workspace, AuthorizationCallback callback) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(callback, "callback");
        // Taken before anything is checked: a state is good for one callback, whatever that callback carries.
        AuthorizationState state = repository
                .takeAuthorizationState(hash(callback.state()))
                .orElseThrow(() -> new AuthorizationFailedException(
                        Reason.UNKNOWN_STATE,
                        "This authorization is unknown or was already used; start connecting again."));
        if (!state.workspace().equals(workspace) || !Objects.equals(state.actor(), actorId(actor))) {
            LOG.warn(
                    "An OAuth callback in workspace {} carried a state issued to another workspace or user; refused",
                    workspace);
            throw new AuthorizationFailedException(
                    Reason.FOREIGN_STATE, "This authorization was started by another user or workspace.");
        }
        if (!clock.instant().isBefore(state.expiresAt())) {
            throw new AuthorizationFailedException(
                    Reason.EXPIRED_STATE,
                    "This authorization took longer than " + STATE_LIFETIME.toMinutes()
                            + " minutes; start connecting again.");
        }
        if (callback.error() != null) {
            String code = NameRules.forLog(callback.error());
            if (callback.error().equals("access_denied")) {
                throw new AuthorizationFailedException(
                        Reason.ACCESS_DENIED, "Access was not granted at the provider; nothing was connected.");
            }
            throw new AuthorizationFailedException(
                    Reason.PROVIDER_ERROR, "The provider did not grant access (" + code + "); nothing was connected.");
        }
        if (callback.code() == null || callback.code().isEmpty()) {
            throw new AuthorizationFailedException(
                    Reason.PROVIDER_ERROR, "The provider sent neither a code nor an error; nothing was connected.");
        }
        Integration app = apps.find(workspace, state.integration())
                .orElseThrow(() -> new IntegrationNotFoundException(workspace, state.integration()));
        if (!validation.baseUrlPolicy().check(app).allowed()) {
            // A custom app's token URL receives the client secret and the code: never one the policy now refuses.
            throw new AuthorizationFailedException(
                    Reason.PROVIDER_ERROR,
                    "The app's OAuth 2.0 endpoints are not allowed by this application's URL policy; nothing was"
                            + " connected.");
        }
        OAuth2Spec spec = spec(app);
        OAuthClient client = clients.client(workspace, app.id())
                .orElseThrow(() -> new AuthorizationFailedException(
                        Reason.PROVIDER_ERROR, "No OAuth client is registered for " + app.id() + " any more."));
        TokenGrant tokens;
        try (Secret verifier = keys.open(
                state.sealedVerifier(), new SecretBinding(workspace, state.connection(), state.verifierRef()))) {
            tokens = requireProtocol().exchangeCode(spec, client, callback.code(), state.redirectUri(), verifier);
        } catch (TokenEndpointException e) {
            throw new AuthorizationFailedException(
                    Reason.PROVIDER_ERROR,
                    "The provider did not exchange the authorization code for tokens: " + e.getMessage(),
                    e);
        }
        try (tokens) {
            OAuthGrant grant = grantOf(GrantType.AUTHORIZATION_CODE, tokens, spec);
            if (state.reconnect()) {
                return writes.reconnect(actor, workspace, state.connection(), app.id(), tokens, grant);
            }
            return writes.addOAuth(actor, workspace, app, state.connection(), state.name(), tokens, grant, "name");
        }
    }

    Connection connectClientCredentials(
            @Nullable Actor actor, WorkspaceId workspace, IntegrationId integration, String name) {
        Integration app = apps.find(workspace, integration)
                .orElseThrow(() -> new IntegrationNotFoundException(workspace, integration));
        String normalized = InputValidation.normalizeName(name);
        FieldErrors errors = new FieldErrors();
        OAuthClient client = usableClient(workspace, app, GrantType.CLIENT_CREDENTIALS, errors);
        validation.checkName(normalized, "name", errors);
        if (errors.isEmpty()) {
            names.checkFree(workspace, integration, normalized, null, "name", errors);
        }
        errors.throwIfAny();
        OAuth2Spec spec = spec(app);
        TokenGrant tokens;
        try {
            tokens = requireProtocol().clientCredentials(spec, Objects.requireNonNull(client));
        } catch (TokenEndpointException e) {
            throw new AuthorizationFailedException(
                    Reason.PROVIDER_ERROR, "The provider did not issue a token: " + e.getMessage(), e);
        }
        try (tokens) {
            return writes.addOAuth(
                    actor,
                    workspace,
                    app,
                    ConnectionId.random(),
                    normalized,
                    tokens,
                    grantOf(GrantType.CLIENT_CREDENTIALS, tokens, spec),
                    "name");
        }
    }

    /**
     * The tokens of an OAuth connection, read before it is deleted so they can be revoked afterwards; empty for
     * an API-key connection or when they cannot be read (the delete goes ahead regardless).
     */
    Optional<TokenSet.Opened> tokensOf(Connection connection) {
        if (!connection.isOAuth()) {
            return Optional.empty();
        }
        try {
            Optional<StoredSecret> stored = secrets.get(connection.workspace(), connection.secretRef());
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            try (Secret content = keys.open(stored.get().sealed(), stored.get().binding())) {
                return Optional.of(TokenSet.decode(content));
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "Could not read the tokens of connection {} in workspace {} to revoke them",
                    connection.id(),
                    connection.workspace(),
                    e);
            return Optional.empty();
        }
    }

    /**
     * Revokes a deleted connection's tokens at the provider (RFC 7009), best effort: the refresh token when
     * there is one (which ends the whole grant), else the access token.
     */
    Disconnection revoke(Connection deleted, Optional<TokenSet.Opened> tokens) {
        try {
            return revokeWith(deleted, tokens);
        } finally {
            // Whatever happened at the provider, the plain tokens do not outlive the deletion.
            tokens.ifPresent(TokenSet.Opened::close);
        }
    }

    private Disconnection revokeWith(Connection deleted, Optional<TokenSet.Opened> tokens) {
        if (!deleted.isOAuth()) {
            return new Disconnection(deleted.id(), Revocation.NOT_OAUTH);
        }
        Integration app = apps.findOrRetired(deleted.workspace(), deleted.integration());
        Optional<OAuth2Spec> spec = app.credentials().oauth();
        if (spec.isEmpty() || spec.get().revocation().isEmpty() || protocol == null) {
            return new Disconnection(deleted.id(), Revocation.NOT_SUPPORTED);
        }
        if (!validation.baseUrlPolicy().check(app).allowed()) {
            // A custom app stored under a looser policy: its revocation URL gets no token from this server.
            LOG.warn(
                    "Did not revoke the tokens of deleted connection {} in workspace {}: the URL policy refuses the"
                            + " endpoints of {}",
                    deleted.id(),
                    deleted.workspace(),
                    app.id());
            return new Disconnection(deleted.id(), Revocation.FAILED);
        }
        Optional<OAuthClient> client = clients.client(deleted.workspace(), app.id());
        if (tokens.isEmpty() || client.isEmpty()) {
            return new Disconnection(deleted.id(), Revocation.FAILED);
        }
        TokenSet.Opened opened = tokens.get();
        boolean refresh = opened.refreshToken() != null;
        try {
            protocol.revoke(spec.get(), client.get(), refresh ? opened.refreshToken() : opened.accessToken(), refresh);
            return new Disconnection(deleted.id(), Revocation.REVOKED);
        } catch (RuntimeException e) {
            // The connection is deleted already: whatever the provider did, the caller learns it from the result.
            LOG.warn(
                    "Could not revoke the tokens of deleted connection {} in workspace {} at {}; deleted here all the"
                            + " same",
                    deleted.id(),
                    deleted.workspace(),
                    app.id(),
                    e);
            return new Disconnection(deleted.id(), Revocation.FAILED);
        }
    }

    private @Nullable OAuthClient usableClient(
            WorkspaceId workspace, Integration app, GrantType grant, FieldErrors errors) {
        return usableClient(workspace, app, grant, "integration", errors);
    }

    /** The client registered for {@code app}, or null with a field error on {@code field} saying why not. */
    private @Nullable OAuthClient usableClient(
            WorkspaceId workspace, Integration app, GrantType grant, String field, FieldErrors errors) {
        Optional<OAuth2Spec> spec = app.credentials().oauth();
        if (spec.isEmpty() || !spec.get().offers(grant)) {
            errors.add(
                    field,
                    NameRules.forLog(app.displayName()) + " cannot be connected with the OAuth 2.0 "
                            + grant.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " grant.");
            return null;
        }
        if (protocol == null) {
            errors.add(field, "OAuth 2.0 is not enabled in this application.");
            return null;
        }
        Optional<OAuthClient> client = clients.client(workspace, app.id());
        if (client.isEmpty()) {
            errors.add(
                    field,
                    "No OAuth client is registered for " + NameRules.forLog(app.displayName())
                            + "; an administrator must register one.");
            return null;
        }
        if (grant == GrantType.CLIENT_CREDENTIALS && client.get().clientSecret() == null) {
            // RFC 6749 §4.4: only a confidential client can use it; a public one would be refused by the provider.
            errors.add(
                    field,
                    "The client registered for " + NameRules.forLog(app.displayName())
                            + " has no client secret, which the client credentials grant needs.");
            return null;
        }
        return client.get();
    }

    private static void checkRedirectUri(@Nullable URI redirectUri, FieldErrors errors) {
        if (redirectUri == null
                || !redirectUri.isAbsolute()
                || redirectUri.getHost() == null
                || redirectUri.getFragment() != null
                || !("https".equalsIgnoreCase(redirectUri.getScheme())
                        || "http".equalsIgnoreCase(redirectUri.getScheme()))) {
            errors.add("redirectUri", "The redirect URI must be an absolute http(s) URL without a fragment.");
        }
    }

    private static OAuth2Spec spec(Integration app) {
        return app.credentials()
                .oauth()
                .orElseThrow(() -> new IllegalStateException("App " + app.id() + " does not declare OAuth 2.0"));
    }

    private static OAuthGrant grantOf(GrantType type, TokenGrant tokens, OAuth2Spec spec) {
        Instant expiresAt =
                tokens.expiresAt() == null ? null : tokens.expiresAt().truncatedTo(ChronoUnit.MICROS);
        return new OAuthGrant(
                type, expiresAt, tokens.scopes().isEmpty() ? spec.scopes() : tokens.scopes(), OAuthGrant.Status.ACTIVE);
    }

    private OAuthProtocol requireProtocol() {
        return required(protocol);
    }

    /** The configured protocol; the one message for a host that uses OAuth without configuring it. */
    static OAuthProtocol required(@Nullable OAuthProtocol protocol) {
        if (protocol == null) {
            throw new IllegalStateException(
                    "OAuth 2.0 is not configured: add connections-oauth2 and call ConnectionsBuilder.oauth(...)");
        }
        return protocol;
    }

    private void purgeExpiredStates(Instant now) {
        Instant last = lastPurge.get();
        if (now.isBefore(last.plus(PURGE_INTERVAL)) || !lastPurge.compareAndSet(last, now)) {
            return;
        }
        try {
            int purged = repository.purgeAuthorizationStates(now);
            if (purged > 0) {
                LOG.debug("Purged {} expired OAuth authorization states", purged);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not purge expired OAuth authorization states", e);
        }
    }

    private static @Nullable String actorId(@Nullable Actor actor) {
        // The facade itself and a view for Actor.SYSTEM are the same, system, actor.
        return actor == null || actor.isSystem() ? null : actor.id();
    }

    /** A state the browser carries: 256 random bits, URL-safe. */
    private static String newState() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What the repository keys a state by: a leaked row cannot be turned back into a working callback. */
    static String hash(String state) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
