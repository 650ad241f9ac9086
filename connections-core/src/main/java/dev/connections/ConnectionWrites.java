package dev.connections;

import dev.connections.catalog.Integration;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.connection.DefaultPolicy;
import dev.connections.connection.NewConnection;
import dev.connections.connection.OAuthGrant;
import dev.connections.error.IntegrationNotFoundException;
import dev.connections.event.ConnectionEvent;
import dev.connections.id.Actor;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.oauth.TokenGrant;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import dev.connections.verify.Verification;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The write side (B3–B7): validates a request completely before touching anything, seals the key outside
 * any lock, then runs one unit of work through {@link AppWrites} that re-checks what can race (names,
 * versions) and applies the default policy; after the commit, the change is announced.
 *
 * <p>Every id, ref and timestamp a unit of work writes is chosen before it runs, so a re-run writes the
 * same values and a lost commit can be settled by reading back.
 */
final class ConnectionWrites {
    /** Characters of a key, or an access token, shown as its hint. */
    static final int HINT_CHARS = 4;
    // A custom app has no key format of its own; only the general key rules apply.
    private static final Integration ANY_APP = AppDirectory.retired(IntegrationId.of("custom-app"));

    private final AppWrites writes;
    private final AppDirectory apps;
    private final ActiveCipher keys;
    private final ChangeNotices notices;
    private final DefaultPolicy defaultPolicy;
    private final Clock clock;
    private final InputValidation validation;
    private final ConnectionNames names;
    private final ApiKeyChecks keyChecks;

    ConnectionWrites(
            AppWrites writes,
            ConnectionNames names,
            InputValidation validation,
            DefaultPolicy defaultPolicy,
            Clock clock,
            AppDirectory apps,
            ActiveCipher keys,
            ChangeNotices notices,
            ApiKeyChecks keyChecks) {
        this.writes = writes;
        this.apps = apps;
        this.keys = keys;
        this.notices = notices;
        this.defaultPolicy = defaultPolicy;
        this.clock = clock;
        this.names = names;
        this.validation = validation;
        this.keyChecks = keyChecks;
    }

    // ---- B3, B4 ----------------------------------------------------------------------------------

    Connection add(@Nullable Actor actor, WorkspaceId workspace, NewConnection request) {
        Integration app = apps.find(workspace, request.integration())
                .orElseThrow(() -> new IntegrationNotFoundException(workspace, request.integration()));
        String name = InputValidation.normalizeName(request.name());
        FieldErrors errors = new FieldErrors();
        validation.checkName(name, "name", errors);
        validation.checkKey(request.apiKey(), app, "apiKey", errors);
        validation.checkSettings(request.settings(), app, errors);
        if (!errors.isEmpty()) {
            // Only to report a taken name with the other problems: alone, it is reported just the same by the
            // check under the app's lock, so a valid request saves this round trip.
            names.checkFree(workspace, app.id(), name, null, "name", errors);
        }
        errors.throwIfAny();
        Verification checked =
                keyChecks.beforeSave(workspace, app, name, request.settings(), request.apiKey(), "apiKey");
        Connection created = insert(actor, workspace, app, name, request.apiKey(), request.settings(), "name");
        keyChecks.saved(created, checked, false);
        return created;
    }

    Connection addCustom(@Nullable Actor actor, WorkspaceId workspace, CustomConnectionSpec spec) {
        FieldErrors errors = new FieldErrors();
        validation.checkCustom(spec, errors);
        Secret apiKey = spec.apiKey();
        if (apiKey == null) {
            errors.add("apiKey", "Enter the API key, or connect this app by signing in with OAuth 2.0.");
        } else {
            validation.checkKey(apiKey, ANY_APP, "apiKey", errors);
        }
        if (errors.isEmptyExcept("connectionName", "apiKey")) {
            Integration wanted = apps.wanted(workspace, spec);
            Optional<Integration> existing = apps.stored(workspace, wanted);
            if (existing.isPresent() && !AppDirectory.sameDefinition(existing.get(), wanted)) {
                errors.add("appName", AppDirectory.otherDefinition(existing.get(), wanted));
            } else if (existing.isPresent() && !errors.isEmpty()) {
                // As in add: alone, a taken name is reported the same by the check under the lock.
                names.checkFree(workspace, wanted.id(), spec.connectionName(), null, "connectionName", errors);
            }
        }
        errors.throwIfAny();

        Integration wanted = apps.wanted(workspace, spec);
        Verification checked = keyChecks.beforeSave(
                workspace, wanted, spec.connectionName(), AppDirectory.settings(spec), apiKey, "apiKey");
        apps.ensure(workspace, wanted);
        Connection created = insert(
                actor, workspace, wanted, spec.connectionName(), apiKey, AppDirectory.settings(spec), "connectionName");
        keyChecks.saved(created, checked, false);
        return created;
    }

    private Connection insert(
            @Nullable Actor actor,
            WorkspaceId workspace,
            Integration app,
            String name,
            Secret apiKey,
            Map<String, String> settings,
            String nameField) {
        return insert(
                actor,
                workspace,
                app,
                ConnectionId.random(),
                name,
                apiKey,
                apiKey.hint(HINT_CHARS),
                settings,
                null,
                nameField);
    }

    /**
     * Stores a connection made by OAuth 2.0 with the tokens the provider issued; like an added key, the app's
     * first connection becomes its default.
     *
     * @param id the id chosen when the flow started (the sealed PKCE verifier was bound to it)
     */
    Connection addOAuth(
            @Nullable Actor actor,
            WorkspaceId workspace,
            Integration app,
            ConnectionId id,
            String name,
            TokenGrant tokens,
            OAuthGrant grant,
            String nameField) {
        try (Secret content = TokenSet.encode(tokens.accessToken(), tokens.refreshToken())) {
            return insert(
                    actor,
                    workspace,
                    app,
                    id,
                    name,
                    content,
                    tokens.accessToken().hint(HINT_CHARS),
                    Map.of(),
                    grant,
                    nameField);
        }
    }

    private Connection insert(
            @Nullable Actor actor,
            WorkspaceId workspace,
            Integration app,
            ConnectionId id,
            String name,
            Secret content,
            String hint,
            Map<String, String> settings,
            @Nullable OAuthGrant grant,
            String nameField) {
        Instant now = now();
        SecretRef ref = SecretRef.random(now);
        SecretBinding binding = new SecretBinding(workspace, id, ref);
        StoredSecret secret = new StoredSecret(binding, keys.seal(content, binding));
        Connection created = writes.run(new AppWrites.Write<>(
                workspace,
                app.id(),
                List.of(secret),
                state -> {
                    ConnectionNames.requireFree(state, name, null, nameField);
                    // The first connection of an app becomes its default (B6); decided inside the lock so two
                    // concurrent first adds cannot both, or neither, become default.
                    boolean first = state.connections().isEmpty();
                    Connection c = new Connection(
                            id, workspace, app.id(), name, first, ref, hint, settings, now, now, 1, grant);
                    state.insert(c);
                    return c;
                },
                c -> Optional.empty(),
                (state, c) -> AppRowLookups.find(state, id).isPresent()));
        notices.committed(workspace, app.id());
        notices.emit(
                new ConnectionEvent.Created(
                        workspace, app.id(), created.id(), created.name(), created.isDefault(), created.createdAt()),
                actor);
        return created;
    }

    // ---- B5 --------------------------------------------------------------------------------------

    Connection edit(@Nullable Actor actor, Connection current, ConnectionEdit edit) {
        WorkspaceId workspace = current.workspace();
        ConnectionId id = current.id();
        FieldErrors errors = new FieldErrors();
        String newName = edit.name().map(InputValidation::normalizeName).orElse(null);
        // A name sent back unchanged is no rename: a name stored before today's rules stays editable.
        if (newName != null && !newName.equals(current.name())) {
            validation.checkName(newName, "name", errors);
            names.checkFree(workspace, current.integration(), newName, id, "name", errors);
        }
        Integration app = apps.findOrRetired(workspace, current.integration());
        edit.apiKey().ifPresent(key -> validation.checkKey(key, app, "apiKey", errors));
        if (current.isOAuth() && edit.apiKey().isPresent()) {
            // Its tokens come from the provider: a pasted key would be sent as if it were a fresh access token.
            errors.add("apiKey", "This connection was made by OAuth: reconnect it to get new tokens instead.");
        }
        errors.throwIfAny();
        Verification checked = edit.apiKey()
                .map(key -> keyChecks.beforeSave(workspace, app, current.name(), current.settings(), key, "apiKey"))
                .orElse(null);

        Instant now = now();
        SecretRef newRef = edit.apiKey().isPresent() ? SecretRef.random(now) : null;
        StoredSecret newSecret = null;
        if (newRef != null) {
            SecretBinding binding = new SecretBinding(workspace, id, newRef);
            newSecret = new StoredSecret(binding, keys.seal(edit.apiKey().get(), binding));
        }
        String newHint = edit.apiKey().map(k -> k.hint(HINT_CHARS)).orElse(null);

        Edited edited = writes.run(new AppWrites.Write<>(
                workspace,
                current.integration(),
                newSecret == null ? List.of() : List.of(newSecret),
                state -> {
                    Connection stored = AppRowLookups.require(state, id, edit.expectedVersion());
                    boolean rename = newName != null && !newName.equals(stored.name());
                    if (rename) {
                        ConnectionNames.requireFree(state, newName, id, "name");
                    }
                    if (!rename && newRef == null) {
                        return new Edited(stored, stored);
                    }
                    Connection next = new Connection(
                            stored.id(),
                            workspace,
                            stored.integration(),
                            rename ? newName : stored.name(),
                            stored.isDefault(),
                            newRef != null ? newRef : stored.secretRef(),
                            newHint != null ? newHint : stored.keyHint(),
                            stored.settings(),
                            stored.createdAt(),
                            now,
                            stored.version() + 1,
                            stored.grant());
                    state.update(next);
                    return new Edited(stored, next);
                },
                // B5: the replaced key is destroyed once the switch is committed.
                e -> newRef == null || e.unchanged()
                        ? Optional.empty()
                        : Optional.of(e.before().secretRef()),
                (state, e) -> AppRowLookups.find(state, id)
                        .filter(row -> row.equals(e.after())
                                || (newRef != null && row.secretRef().equals(newRef)))
                        .isPresent()));
        Connection updated = edited.after();
        if (edited.unchanged()) {
            return updated;
        }
        notices.committed(workspace, updated.integration());
        if (!updated.name().equals(edited.before().name())) {
            notices.emit(
                    new ConnectionEvent.Renamed(
                            workspace,
                            updated.integration(),
                            id,
                            edited.before().name(),
                            updated.name(),
                            updated.updatedAt()),
                    actor);
        }
        if (newRef != null) {
            keyChecks.saved(updated, checked, true);
            notices.emit(
                    new ConnectionEvent.KeyReplaced(
                            workspace, updated.integration(), id, updated.name(), updated.updatedAt()),
                    actor);
        }
        return updated;
    }

    /**
     * Gives an OAuth connection the tokens of a new authorization; its id, name, settings and default badge stay,
     * its old tokens are destroyed once the switch is committed.
     */
    Connection reconnect(
            @Nullable Actor actor,
            WorkspaceId workspace,
            ConnectionId id,
            IntegrationId app,
            TokenGrant tokens,
            OAuthGrant grant) {
        Instant now = now();
        SecretRef newRef = SecretRef.random(now);
        SecretBinding binding = new SecretBinding(workspace, id, newRef);
        StoredSecret secret;
        try (Secret content = TokenSet.encode(tokens.accessToken(), tokens.refreshToken())) {
            secret = new StoredSecret(binding, keys.seal(content, binding));
        }
        String hint = tokens.accessToken().hint(HINT_CHARS);
        Edited edited = writes.run(new AppWrites.Write<>(
                workspace,
                app,
                List.of(secret),
                state -> {
                    Connection stored = AppRowLookups.require(state, id, null);
                    if (!stored.isOAuth()) {
                        throw new IllegalStateException("Connection " + id + " holds an API key, not OAuth tokens");
                    }
                    Connection next = stored.withTokens(newRef, hint, grant, now);
                    state.update(next);
                    return new Edited(stored, next);
                },
                e -> Optional.of(e.before().secretRef()),
                (state, e) -> AppRowLookups.find(state, id)
                        .filter(row -> row.secretRef().equals(newRef))
                        .isPresent()));
        Connection updated = edited.after();
        notices.committed(workspace, app);
        notices.emit(new ConnectionEvent.Reconnected(workspace, app, id, updated.name(), now, Actor.SYSTEM), actor);
        return updated;
    }

    // ---- B6 --------------------------------------------------------------------------------------

    Connection setDefault(@Nullable Actor actor, WorkspaceId workspace, ConnectionId id, IntegrationId app) {
        Instant now = now();
        DefaultMove move = writes.run(new AppWrites.Write<>(
                workspace,
                app,
                List.of(),
                state -> {
                    Connection stored = AppRowLookups.require(state, id, null);
                    if (stored.isDefault()) {
                        return new DefaultMove(stored, null, false);
                    }
                    Connection previous = null;
                    // Clear the old badge before setting the new one, so no moment has two defaults.
                    for (Connection other : state.connections()) {
                        if (other.isDefault()) {
                            previous = other;
                            state.update(other.withDefault(false, now));
                        }
                    }
                    Connection next = stored.withDefault(true, now);
                    state.update(next);
                    return new DefaultMove(next, previous, true);
                },
                m -> Optional.empty(),
                (state, m) -> !m.changed()
                        || AppRowLookups.find(state, id)
                                .filter(m.next()::equals)
                                .isPresent()));
        if (move.changed()) {
            notices.committed(workspace, move.next().integration());
        }
        if (move.previous() != null) {
            notices.emit(
                    new ConnectionEvent.DefaultChanged(
                            workspace,
                            move.next().integration(),
                            id,
                            move.previous().id(),
                            move.next().updatedAt()),
                    actor);
        }
        return move.next();
    }

    // ---- B7 --------------------------------------------------------------------------------------

    void delete(
            @Nullable Actor actor, WorkspaceId workspace, ConnectionId id, IntegrationId app, long expectedVersion) {
        Instant now = now();
        Deletion deletion = writes.run(new AppWrites.Write<>(
                workspace,
                app,
                List.of(),
                state -> {
                    Connection stored = AppRowLookups.require(state, id, expectedVersion);
                    state.delete(id);
                    Connection promoted = null;
                    if (stored.isDefault()) {
                        List<Connection> remaining = state.connections();
                        if (!remaining.isEmpty()) {
                            Connection successor = defaultPolicy.chooseSuccessor(remaining);
                            if (!remaining.contains(successor)) {
                                throw new IllegalStateException(
                                        "The default policy chose a connection that is not one of the app's");
                            }
                            promoted = successor.withDefault(true, now);
                            state.update(promoted);
                        }
                    }
                    return new Deletion(stored, promoted);
                },
                d -> Optional.of(d.deleted().secretRef()),
                (state, d) -> AppRowLookups.find(state, id).isEmpty()));
        Connection deleted = deletion.deleted();
        notices.committed(workspace, deleted.integration());
        notices.emit(
                new ConnectionEvent.Deleted(
                        workspace, deleted.integration(), id, deleted.name(), deleted.isDefault(), now),
                actor);
        if (deletion.promoted() != null) {
            notices.emit(
                    new ConnectionEvent.DefaultPromoted(
                            workspace,
                            deleted.integration(),
                            deletion.promoted().id(),
                            id,
                            now),
                    actor);
        }
    }

    private Instant now() {
        // Databases keep microseconds; truncating here makes what we return equal what we read back.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** An edit's unit of work: the row before and after (the same row when nothing changed). */
    private record Edited(Connection before, Connection after) {
        boolean unchanged() {
            return before.version() == after.version();
        }
    }

    /** A default switch: the new default, the one it replaced, and whether anything changed. */
    private record DefaultMove(Connection next, @Nullable Connection previous, boolean changed) {}

    /** A deletion: the removed row and the connection promoted in its place, if any. */
    private record Deletion(Connection deleted, @Nullable Connection promoted) {}
}
