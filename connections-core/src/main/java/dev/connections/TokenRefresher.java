package dev.connections;

import dev.connections.catalog.GrantType;
import dev.connections.catalog.Integration;
import dev.connections.catalog.OAuth2Spec;
import dev.connections.connection.Connection;
import dev.connections.connection.NameRules;
import dev.connections.connection.OAuthGrant;
import dev.connections.error.OutcomeUnknownException;
import dev.connections.error.ReconnectRequiredException;
import dev.connections.error.SecretIntegrityException;
import dev.connections.error.StorageException;
import dev.connections.event.ConnectionEvent;
import dev.connections.id.ConnectionId;
import dev.connections.id.WorkspaceId;
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
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.ConnectionRepository.AppState;
import dev.connections.spi.SecretStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out OAuth access tokens on the trigger path, refreshing them ahead of expiry (or once after the host
 * reports a rejected token) with one refresh per connection at a time, across every instance.
 *
 * <p>Within an instance, concurrent callers share one refresh in flight. Across instances, the refresh runs
 * inside the repository's unit of work for the connection's app, which holds the app's write lock while the
 * token endpoint is called; it first re-reads the connection, and when another instance stored new tokens
 * meanwhile it uses those and calls no one. The new tokens, a rotated refresh token included, are stored under
 * a new secret reference in the same unit as the row that points to them, before any caller sees them; an answer
 * without a refresh token keeps the old one. The provider's answer is kept across re-runs of the unit, so a
 * COMMIT whose acknowledgement is lost is settled by reading the row back (as {@link AppWrites} does) without a
 * second token request, which could otherwise spend a rotated refresh token twice.
 *
 * <p>{@code invalid_grant} marks the connection "needs reconnect" in the same way. A transient failure (network,
 * 5xx, 429) changes nothing stored: the caller keeps the still-valid old token when there is one, and further
 * refreshes of that connection wait out a growing back-off (or the provider's {@code Retry-After}).
 */
final class TokenRefresher {
    private static final Logger LOG = LoggerFactory.getLogger(TokenRefresher.class);
    private static final int SETTLED_ATTEMPTS = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    /**
     * How long after a first {@code invalid_grant} the same stored refresh token is presented again before the
     * connection is flagged. With rotation, an instance whose store of new tokens failed has spent the stored
     * refresh token; its next attempt stores the tokens it holds well within this time, so another instance's
     * refusal in between is not taken for a revoked grant.
     */
    static final Duration REFUSAL_CONFIRMATION = Duration.ofSeconds(2);

    private final ConnectionRepository repository;
    private final SecretStore secrets;
    private final boolean joined;
    private final ActiveCipher keys;
    private final AppDirectory apps;
    private final ChangeNotices notices;
    private final @Nullable OAuthProtocol protocol;
    private final OAuthClients clients;
    private final Clock clock;
    private final Duration margin;
    private final ConcurrentMap<ConnectionId, CompletableFuture<Fresh>> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentMap<ConnectionId, Backoff> backoffs = new ConcurrentHashMap<>();
    private final ConcurrentMap<ConnectionId, Attempt> unsaved = new ConcurrentHashMap<>();
    private final ConcurrentMap<ConnectionId, Suspicion> refusals = new ConcurrentHashMap<>();

    TokenRefresher(
            ConnectionRepository repository,
            SecretStore secrets,
            ActiveCipher keys,
            AppDirectory apps,
            ChangeNotices notices,
            @Nullable OAuthProtocol protocol,
            OAuthClients clients,
            Clock clock,
            Duration margin) {
        this.repository = repository;
        this.secrets = secrets;
        this.joined = repository.sharesTransactionsWith(secrets);
        this.keys = keys;
        this.apps = apps;
        this.notices = notices;
        this.protocol = protocol;
        this.clients = clients;
        this.clock = clock;
        this.margin = margin;
    }

    /** Connections that are OAuth but refused are never handed out. */
    static void requireUsable(Connection connection, Integration app) {
        OAuthGrant grant = connection.grant();
        if (grant != null && grant.needsReconnect()) {
            throw new ReconnectRequiredException(connection.id(), NameRules.forLog(app.displayName()));
        }
    }

    /**
     * The access token to send now, for an OAuth connection the caller resolved with its sealed tokens.
     *
     * @param rejected whether the host reported that the token from {@code sealed} was refused (HTTP 401):
     *     then a newer token is fetched even before the expiry margin
     * @throws ReconnectRequiredException when the provider refused the grant
     * @throws TokenEndpointException when no valid token can be had now (the old one expired and the provider
     *     could not be reached, or refused the client)
     */
    Secret accessToken(Connection seen, SealedSecret sealed, boolean rejected) {
        OAuthGrant grant = requireGrant(seen);
        Instant now = clock.instant();
        if (!rejected && !grant.expiresWithin(margin, now)) {
            return accessOf(sealed, new SecretBinding(seen.workspace(), seen.id(), seen.secretRef()));
        }
        boolean oldStillValid =
                !rejected && grant.expiresAt().map(now::isBefore).orElse(true);
        Backoff backoff = backoffs.get(seen.id());
        // While backing off, the provider is not asked, but storage is: another instance may have refreshed.
        @Nullable
        Instant providerNotBefore = backoff != null && now.isBefore(backoff.notBefore()) ? backoff.notBefore() : null;
        if (providerNotBefore != null && oldStillValid) {
            return accessOf(sealed, new SecretBinding(seen.workspace(), seen.id(), seen.secretRef()));
        }
        Fresh fresh;
        try {
            fresh = singleFlight(seen, rejected, providerNotBefore);
            backoffs.remove(seen.id());
            refusals.remove(seen.id());
        } catch (TokenEndpointException | StorageException e) {
            if (e instanceof TokenEndpointException t && t.kind() != TokenEndpointException.Kind.TRANSIENT) {
                throw e;
            }
            // Only the provider's failures are backed off: storage that failed asks nothing of the provider
            // next time (tokens it issued meanwhile are kept for the next attempt), so that may come at once.
            Instant retryAt = null;
            if (e instanceof TokenEndpointException && providerNotBefore == null) {
                retryAt = backoffs.merge(
                                seen.id(),
                                Backoff.first(now, retryAfter(e)),
                                (old, first) -> old.next(now, retryAfter(e)))
                        .notBefore();
            }
            if (oldStillValid) {
                LOG.warn(
                        "Could not refresh the access token of connection {} in workspace {}; the current one stays in"
                                + " use until {}, next attempt after {}",
                        seen.id(),
                        seen.workspace(),
                        grant.accessTokenExpiresAt(),
                        retryAt != null ? retryAt : "the next use",
                        e);
                return accessOf(sealed, new SecretBinding(seen.workspace(), seen.id(), seen.secretRef()));
            }
            throw e;
        }
        return accessOf(fresh.secret().sealed(), fresh.secret().binding());
    }

    private static @Nullable Duration retryAfter(RuntimeException e) {
        return e instanceof TokenEndpointException t ? t.retryAfter().orElse(null) : null;
    }

    private Secret accessOf(SealedSecret sealed, SecretBinding binding) {
        try (Secret content = keys.open(sealed, binding);
                TokenSet.Opened tokens = TokenSet.decode(content)) {
            return copyOf(tokens.accessToken());
        }
    }

    /** A copy the caller owns, so closing the opened token set does not wipe what is handed out. */
    private static Secret copyOf(Secret secret) {
        char[] chars = secret.revealChars();
        try {
            return Secret.of(chars);
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
    }

    private Fresh singleFlight(Connection seen, boolean rejected, @Nullable Instant providerNotBefore) {
        CompletableFuture<Fresh> mine = new CompletableFuture<>();
        CompletableFuture<Fresh> running = inFlight.putIfAbsent(seen.id(), mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }
        try {
            Fresh fresh = refresh(seen, rejected, providerNotBefore);
            mine.complete(fresh);
            return fresh;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(seen.id(), mine);
        }
    }

    /** One refresh of {@code seen}'s tokens under its app's lock, settled when the COMMIT's answer is lost. */
    private Fresh refresh(Connection seen, boolean rejected, @Nullable Instant providerNotBefore) {
        WorkspaceId workspace = seen.workspace();
        Integration app = apps.findOrRetired(workspace, seen.integration());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Attempt attempt = unsaved.remove(seen.id());
        if (attempt != null && !attempt.seen.secretRef().equals(seen.secretRef())) {
            attempt.wipe();
            attempt = null;
        }
        if (attempt == null) {
            attempt = new Attempt(seen, app, rejected, SecretRef.random(now), now);
        }
        attempt.providerNotBefore = providerNotBefore;
        Outcome outcome = null;
        boolean parked = false;
        try {
            for (int run = 1; outcome == null; run++) {
                try {
                    outcome = repository.modify(workspace, seen.integration(), attempt::run);
                } catch (OutcomeUnknownException unknown) {
                    if (settled(attempt, unknown)) {
                        outcome = attempt.last;
                    } else if (run >= SETTLED_ATTEMPTS) {
                        throw new StorageException(
                                "Could not store refreshed tokens: the database connection was lost while committing,"
                                        + " and they were not saved. Try again.",
                                unknown);
                    }
                }
            }
        } catch (OutcomeUnknownException e) {
            // A committed row may reference the new tokens: keep them; the orphan sweep removes them otherwise.
            parked = park(attempt);
            throw e;
        } catch (RuntimeException e) {
            attempt.removeUnreferenced(e);
            parked = park(attempt);
            throw e;
        } finally {
            if (!parked) {
                attempt.wipe();
            }
        }
        return finish(outcome, attempt);
    }

    /**
     * Keeps an attempt whose tokens the provider issued but storage did not confirm, for the next refresh of the
     * connection on this instance to store instead of asking again: with rotation, the provider has already spent
     * the refresh token still stored, so asking again would be refused and the grant lost.
     */
    private boolean park(Attempt attempt) {
        if (attempt.answer == null) {
            return false;
        }
        Attempt previous = unsaved.put(attempt.seen.id(), attempt);
        if (previous != null && previous != attempt) {
            previous.wipe();
        }
        LOG.warn(
                "Refreshed tokens of connection {} in workspace {} could not be stored; they are kept on this instance"
                        + " for the next attempt",
                attempt.seen.id(),
                attempt.seen.workspace());
        return true;
    }

    private boolean settled(Attempt attempt, OutcomeUnknownException unknown) {
        Outcome last = attempt.last;
        if (last == null) {
            return false;
        }
        try {
            // Taking the lock waits for the lost transaction to end on the server, committed or rolled back.
            return repository.modify(attempt.seen.workspace(), attempt.seen.integration(), state -> AppRowLookups.find(
                            state, attempt.seen.id())
                    .filter(row -> row.equals(last.connection()))
                    .isPresent());
        } catch (StorageException e) {
            unknown.addSuppressed(e);
            throw new OutcomeUnknownException(
                    "Could not confirm whether refreshed tokens were saved: the database is unreachable. Nothing was"
                            + " removed.",
                    unknown);
        }
    }

    private Fresh finish(Outcome outcome, Attempt attempt) {
        Connection connection = outcome.connection();
        WorkspaceId workspace = connection.workspace();
        if (outcome.kind() == Outcome.Kind.CURRENT) {
            return new Fresh(connection, outcome.secret());
        }
        notices.committed(workspace, connection.integration());
        if (outcome.kind() == Outcome.Kind.REFUSED) {
            if (outcome.reason() != null) {
                notices.emit(
                        new ConnectionEvent.ReconnectNeeded(
                                workspace,
                                connection.integration(),
                                connection.id(),
                                connection.name(),
                                outcome.reason(),
                                connection.updatedAt(),
                                dev.connections.id.Actor.SYSTEM),
                        null);
            }
            throw new ReconnectRequiredException(connection.id(), NameRules.forLog(attempt.app.displayName()));
        }
        if (!joined && outcome.retired() != null) {
            try {
                secrets.destroy(workspace, outcome.retired());
            } catch (RuntimeException e) {
                LOG.warn("Could not remove replaced tokens in workspace {}; sweepOrphanedSecrets will", workspace, e);
            }
        }
        LOG.debug("Refreshed the access token of connection {} in workspace {}", connection.id(), workspace);
        return new Fresh(connection, outcome.secret());
    }

    /**
     * Whether the provider refused these stored tokens before, at least {@link #REFUSAL_CONFIRMATION} ago; records
     * a first refusal otherwise.
     */
    private boolean refusalConfirmed(Connection stored, Instant now) {
        Suspicion earlier = refusals.get(stored.id());
        if (earlier != null
                && earlier.ref().equals(stored.secretRef())
                && !now.isBefore(earlier.at().plus(REFUSAL_CONFIRMATION))) {
            refusals.remove(stored.id(), earlier);
            return true;
        }
        if (earlier == null || !earlier.ref().equals(stored.secretRef())) {
            refusals.put(stored.id(), new Suspicion(stored.secretRef(), now));
        }
        return false;
    }

    /** A first refusal of the tokens stored under {@code ref}. */
    private record Suspicion(SecretRef ref, Instant at) {}

    private static OAuthGrant requireGrant(Connection connection) {
        OAuthGrant grant = connection.grant();
        if (grant == null) {
            throw new IllegalStateException("Connection " + connection.id() + " holds an API key, not OAuth tokens");
        }
        return grant;
    }

    /** The tokens a caller can use: the connection and its sealed token set. */
    private record Fresh(Connection connection, StoredSecret secret) {}

    /** What one run of the unit of work decided. */
    private record Outcome(
            Kind kind,
            Connection connection,
            StoredSecret secret,
            @Nullable SecretRef retired,
            @Nullable String reason) {
        enum Kind {
            /** New tokens stored. */
            REFRESHED,
            /** Another caller or instance already stored newer tokens: use those. */
            CURRENT,
            /** The grant is refused: needs reconnect ({@code reason} set when this run marked it). */
            REFUSED
        }
    }

    /**
     * One refresh: the ids and timestamps it writes are chosen once, and the provider's answer is kept across
     * re-runs of the unit, so every run writes the same row and the token endpoint is called at most once.
     */
    private final class Attempt {
        final Connection seen;
        final Integration app;
        final boolean rejected;
        final SecretRef newRef;
        final Instant now;

        @Nullable
        Outcome last;

        @Nullable
        TokenGrant answer;

        @Nullable
        Secret keptRefreshToken;

        @Nullable
        String refusal;

        @Nullable
        StoredSecret sealed;

        @Nullable
        OAuthGrant newGrant;

        @Nullable
        String hint;

        boolean put;
        boolean keepCurrent;

        @Nullable
        Instant providerNotBefore;

        Attempt(Connection seen, Integration app, boolean rejected, SecretRef newRef, Instant now) {
            this.seen = seen;
            this.app = app;
            this.rejected = rejected;
            this.newRef = newRef;
            this.now = now;
        }

        Outcome run(AppState state) {
            WorkspaceId workspace = seen.workspace();
            Connection stored = AppRowLookups.require(state, seen.id(), null);
            OAuthGrant grant = requireGrant(stored);
            if (sealed != null && stored.secretRef().equals(newRef)) {
                // An earlier run of this attempt landed although its COMMIT's answer was lost.
                return remember(
                        new Outcome(Outcome.Kind.REFRESHED, stored, sealed, joined ? null : seen.secretRef(), null));
            }
            // Tokens this attempt holds were issued just now: they beat a refusal that another instance recorded
            // because this attempt had already spent the refresh token it presented.
            if (grant.needsReconnect() && refusal == null && answer == null) {
                return remember(new Outcome(Outcome.Kind.REFUSED, stored, current(stored), null, null));
            }
            boolean refreshedMeanwhile = !stored.secretRef().equals(seen.secretRef());
            if (refusal == null
                    && answer == null
                    && refreshedMeanwhile
                    && (rejected || !grant.expiresWithin(margin, now))) {
                return remember(new Outcome(Outcome.Kind.CURRENT, stored, current(stored), null, null));
            }
            if (answer == null && refusal == null) {
                obtain(stored, grant);
            }
            if (keepCurrent) {
                return remember(new Outcome(Outcome.Kind.CURRENT, stored, current(stored), null, null));
            }
            if (refusal != null) {
                Connection marked = stored.withGrant(grant.refused(), now);
                state.update(marked);
                return remember(new Outcome(Outcome.Kind.REFUSED, marked, current(stored), null, refusal));
            }
            StoredSecret secret = sealed(workspace, grant);
            if (joined || !put) {
                secrets.put(secret);
                put = true;
            }
            Connection next = stored.withTokens(newRef, hint, newGrant, now);
            state.update(next);
            if (joined) {
                secrets.destroy(workspace, stored.secretRef());
            }
            return remember(new Outcome(Outcome.Kind.REFRESHED, next, secret, stored.secretRef(), null));
        }

        private Outcome remember(Outcome outcome) {
            last = outcome;
            return outcome;
        }

        private StoredSecret current(Connection stored) {
            return secrets.get(stored.workspace(), stored.secretRef())
                    .orElseThrow(() -> new SecretIntegrityException(
                            "The stored tokens of connection " + stored.id() + " are missing from the secret store."));
        }

        /** Calls the token endpoint, once per attempt; {@code invalid_grant} is remembered as a refusal. */
        private void obtain(Connection stored, OAuthGrant grant) {
            if (providerNotBefore != null) {
                throw new TokenEndpointException(
                        TokenEndpointException.Kind.TRANSIENT,
                        null,
                        "The access token expired and refreshing it failed recently; the next attempt is after "
                                + providerNotBefore,
                        Duration.between(now, providerNotBefore),
                        null);
            }
            OAuthProtocol wire = OAuthFlows.required(protocol);
            OAuth2Spec spec = app.credentials()
                    .oauth()
                    .orElseThrow(() -> new IllegalStateException(
                            "App " + app.id() + " no longer declares OAuth 2.0; its connections cannot be refreshed"));
            OAuthClient client = clients.client(stored.workspace(), app.id())
                    .orElseThrow(() -> new TokenEndpointException(
                            TokenEndpointException.Kind.REJECTED,
                            null,
                            "No OAuth client is registered for app " + app.id(),
                            null,
                            null));
            try {
                if (grant.type() == GrantType.CLIENT_CREDENTIALS) {
                    // Client credentials has no refresh token: the grant is simply asked for again.
                    answer = wire.clientCredentials(spec, client);
                    return;
                }
                StoredSecret current = current(stored);
                try (Secret content = keys.open(current.sealed(), current.binding());
                        TokenSet.Opened tokens = TokenSet.decode(content)) {
                    if (tokens.refreshToken() == null) {
                        // Nothing to refresh with: the token serves until it expires or is refused, then the user
                        // must connect again.
                        boolean usable = !rejected
                                && grant.expiresAt().map(now::isBefore).orElse(true);
                        if (usable) {
                            keepCurrent = true;
                        } else {
                            refusal = "no_refresh_token";
                        }
                        return;
                    }
                    keptRefreshToken = copyOf(tokens.refreshToken());
                    answer = wire.refresh(spec, client, tokens.refreshToken());
                }
            } catch (TokenEndpointException e) {
                if (e.kind() != TokenEndpointException.Kind.INVALID_GRANT) {
                    throw e;
                }
                String code = e.errorCode().orElse("invalid_grant");
                if (!refusalConfirmed(stored, clock.instant())) {
                    LOG.info(
                            "The provider refused the refresh token of connection {} in workspace {} ({}); asking"
                                    + " again in {} before flagging it",
                            stored.id(),
                            stored.workspace(),
                            NameRules.forLog(code),
                            REFUSAL_CONFIRMATION);
                    throw new TokenEndpointException(
                            TokenEndpointException.Kind.TRANSIENT,
                            code,
                            "The provider refused the refresh token (" + NameRules.forLog(code)
                                    + "); it is asked again before the connection is flagged",
                            REFUSAL_CONFIRMATION,
                            e);
                }
                refusal = code;
                LOG.info(
                        "The provider refused the grant of connection {} in workspace {} ({}) twice; it needs a"
                                + " reconnect",
                        stored.id(),
                        stored.workspace(),
                        NameRules.forLog(refusal));
            }
        }

        private StoredSecret sealed(WorkspaceId workspace, OAuthGrant grant) {
            if (sealed == null) {
                TokenGrant tokens = java.util.Objects.requireNonNull(answer, "answer");
                // A refresh answer without a refresh token leaves the old one valid (RFC 6749 §6): keep it.
                Secret refresh = tokens.refreshToken() != null ? tokens.refreshToken() : keptRefreshToken;
                SecretBinding binding = new SecretBinding(workspace, seen.id(), newRef);
                try (Secret content = TokenSet.encode(tokens.accessToken(), refresh)) {
                    sealed = new StoredSecret(binding, keys.seal(content, binding));
                }
                hint = tokens.accessToken().hint(ConnectionWrites.HINT_CHARS);
                newGrant = new OAuthGrant(
                        grant.type(),
                        tokens.expiresAt() == null ? null : tokens.expiresAt().truncatedTo(ChronoUnit.MICROS),
                        tokens.scopes().isEmpty() ? grant.scopes() : tokens.scopes(),
                        OAuthGrant.Status.ACTIVE);
            }
            return sealed;
        }

        void removeUnreferenced(RuntimeException failure) {
            if (!joined && put && sealed != null) {
                try {
                    secrets.destroy(seen.workspace(), newRef);
                    // A later run of this attempt (parked) must store them again.
                    put = false;
                } catch (RuntimeException cleanup) {
                    failure.addSuppressed(cleanup);
                }
            }
        }

        void wipe() {
            if (answer != null) {
                answer.close();
            }
            if (keptRefreshToken != null) {
                keptRefreshToken.wipe();
            }
        }
    }

    /** When refreshing one connection may be tried again after failures. */
    private record Backoff(int failures, Instant notBefore) {
        static Backoff first(Instant now, @Nullable Duration retryAfter) {
            return new Backoff(1, now.plus(retryAfter != null ? retryAfter : FIRST_BACKOFF));
        }

        Backoff next(Instant now, @Nullable Duration retryAfter) {
            long factor = 1L << Math.min(failures, 16);
            Duration wait = FIRST_BACKOFF.multipliedBy(factor);
            if (wait.compareTo(MAX_BACKOFF) > 0) {
                wait = MAX_BACKOFF;
            }
            if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
                wait = retryAfter;
            }
            return new Backoff(failures + 1, now.plus(wait));
        }
    }
}
