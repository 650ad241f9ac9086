package dev.connections;

import dev.connections.catalog.Integration;
import dev.connections.connection.Connection;
import dev.connections.connection.NewConnection;
import dev.connections.error.ConnectionValidationException;
import dev.connections.error.DuplicateConnectionNameException;
import dev.connections.event.ConnectionEvent;
import dev.connections.id.Actor;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.support.CheckedAppState;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Bulk import (many connections of one workspace at once): every item validated as a single add validates it,
 * with its problems reported under {@code items[i].}; then, with nothing wrong, one unit of work per app that
 * stores all of that app's connections and keys together, with the rules and events of single adds.
 */
final class ConnectionImport {
    private static final int HINT_CHARS = 4;

    private final ConnectionRepository repository;
    private final AppWrites writes;
    private final AppDirectory apps;
    private final ActiveCipher keys;
    private final ChangeNotices notices;
    private final Clock clock;
    private final InputValidation validation;

    ConnectionImport(
            ConnectionRepository repository,
            AppWrites writes,
            InputValidation validation,
            Clock clock,
            AppDirectory apps,
            ActiveCipher keys,
            ChangeNotices notices) {
        this.repository = repository;
        this.writes = writes;
        this.apps = apps;
        this.keys = keys;
        this.notices = notices;
        this.clock = clock;
        this.validation = validation;
    }

    /** One item on its way in: where it was in the list, and the row and key chosen for it. */
    private record Item(int index, Connection row, StoredSecret secret) {}

    List<Connection> run(@Nullable Actor actor, WorkspaceId workspace, List<NewConnection> items) {
        Map<IntegrationId, Optional<Integration>> appById = new HashMap<>();
        Map<IntegrationId, Set<String>> stored = new HashMap<>();
        Map<IntegrationId, Set<String>> earlier = new HashMap<>();
        List<String> names = new ArrayList<>(items.size());
        FieldErrors errors = new FieldErrors();
        for (int i = 0; i < items.size(); i++) {
            NewConnection item = items.get(i);
            String prefix = field(i, "");
            if (item == null) {
                errors.add(prefix.substring(0, prefix.length() - 1), "An item is missing.");
                names.add("");
                continue;
            }
            Optional<Integration> app = appById.computeIfAbsent(item.integration(), id -> apps.find(workspace, id));
            String name = InputValidation.normalizeName(item.name());
            names.add(name);
            FieldErrors itemErrors = new FieldErrors();
            validation.checkName(name, "name", itemErrors);
            if (app.isEmpty()) {
                itemErrors.add("integration", "There is no app with this id.");
            } else {
                validation.checkKey(item.apiKey(), app.get(), "apiKey", itemErrors);
                validation.checkSettings(item.settings(), app.get(), itemErrors);
                if (!itemErrors.has("name")) {
                    checkNameFree(workspace, item.integration(), name, stored, earlier, itemErrors);
                }
            }
            errors.addAll(prefix, itemErrors);
        }
        if (!errors.isEmpty()) {
            errors.throwIfAny();
        }

        // API keys are sealed outside any lock, and every id, ref and timestamp is chosen before the units of work,
        // so a unit run again writes the same values and a lost commit can be settled by reading back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<IntegrationId, List<Item>> byApp = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            NewConnection item = items.get(i);
            ConnectionId id = ConnectionId.random();
            SecretRef ref = SecretRef.random(now);
            SecretBinding binding = new SecretBinding(workspace, id, ref);
            StoredSecret secret = new StoredSecret(binding, keys.seal(item.apiKey(), binding));
            Connection row = new Connection(
                    id,
                    workspace,
                    item.integration(),
                    names.get(i),
                    false,
                    ref,
                    item.apiKey().hint(HINT_CHARS),
                    item.settings(),
                    now,
                    now,
                    1);
            byApp.computeIfAbsent(item.integration(), k -> new ArrayList<>()).add(new Item(i, row, secret));
        }

        Connection[] created = new Connection[items.size()];
        byApp.forEach((app, appItems) -> {
            List<Connection> rows = store(workspace, app, appItems);
            for (int k = 0; k < rows.size(); k++) {
                created[appItems.get(k).index()] = rows.get(k);
            }
            notices.committed(workspace, app);
            rows.forEach(c -> notices.emit(
                    new ConnectionEvent.Created(workspace, app, c.id(), c.name(), c.isDefault(), c.createdAt()),
                    actor));
        });
        return List.of(created);
    }

    /** One app's items in one unit of work: names checked again under the lock, the first of an app its default. */
    private List<Connection> store(WorkspaceId workspace, IntegrationId app, List<Item> appItems) {
        return writes.run(new AppWrites.Write<>(
                workspace,
                app,
                appItems.stream().map(Item::secret).toList(),
                state -> {
                    List<Connection> existing = state.connections();
                    // The name rule's key in a set: one look-up per item, not a scan of the app per item.
                    Set<String> taken = new HashSet<>();
                    existing.forEach(c -> taken.add(CheckedAppState.nameKey(c.name())));
                    List<Connection> rows = new ArrayList<>(appItems.size());
                    for (Item item : appItems) {
                        Connection row = item.row();
                        if (!taken.add(CheckedAppState.nameKey(row.name()))) {
                            // Taken since validation, by a concurrent write.
                            throw ConnectionValidationException.of(
                                    field(item.index(), "name"), DuplicateConnectionNameException.MESSAGE);
                        }
                        // The first connection of an app becomes its default (B6), decided under the lock.
                        rows.add(marked(row, existing.isEmpty() && rows.isEmpty()));
                    }
                    state.insertAll(rows);
                    return rows;
                },
                rows -> Optional.empty(),
                (state, rows) -> rows.stream()
                        .allMatch(r -> AppRowLookups.find(state, r.id()).isPresent())));
    }

    /**
     * A name free among the app's stored connections and the items before it in the list. The stored names are
     * folded once per app into a set, so each item is a look-up.
     */
    private void checkNameFree(
            WorkspaceId workspace,
            IntegrationId app,
            String name,
            Map<IntegrationId, Set<String>> stored,
            Map<IntegrationId, Set<String>> earlier,
            FieldErrors itemErrors) {
        Set<String> storedKeys = stored.computeIfAbsent(app, a -> {
            Set<String> keys = new HashSet<>();
            repository.list(workspace, a).forEach(c -> keys.add(CheckedAppState.nameKey(c.name())));
            return keys;
        });
        Set<String> earlierKeys = earlier.computeIfAbsent(app, a -> new HashSet<>());
        String key = CheckedAppState.nameKey(name);
        if (storedKeys.contains(key) || !earlierKeys.add(key)) {
            itemErrors.add("name", DuplicateConnectionNameException.MESSAGE);
        }
    }

    /** The row as planned, marked as its app's default or not. */
    private static Connection marked(Connection row, boolean isDefault) {
        return new Connection(
                row.id(),
                row.workspace(),
                row.integration(),
                row.name(),
                isDefault,
                row.secretRef(),
                row.keyHint(),
                row.settings(),
                row.createdAt(),
                row.updatedAt(),
                row.version());
    }

    private static String field(int index, String name) {
        return "items[" + index + "]." + name;
    }
}
