package dev.connections.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.connection.Connection;
import dev.connections.error.DuplicateConnectionNameException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SecretRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link CheckedAppState} answers its name and default checks from an index kept up to date on every change;
 * the answers must be the ones a scan of the rows gives ({@link CheckedAppState#nameTaken}, "another row is
 * the default"), whatever sequence of inserts, renames, default moves and deletes came before, look-alike
 * names and rows stored before the fold included.
 */
class CheckedAppStateIndexPropertyTest {
    private static final WorkspaceId WS = WorkspaceId.of("w1");
    private static final IntegrationId APP = IntegrationId.of("alpha");
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    // Several fold to one key ("Main key"), so collisions are frequent.
    private static final List<String> NAMES =
            List.of("Main key", "MAIN KEY", "Main\u00A0key", "main  key", "Backup", "BACKUP", "Other", "Ｏｔｈｅｒ");

    enum Kind {
        INSERT,
        RENAME,
        MAKE_DEFAULT,
        CLEAR_DEFAULT,
        DELETE
    }

    record Step(Kind kind, int row, String name) {}

    @Property(tries = 300)
    void indexAgreesWithAScanOfTheRows(@ForAll("stored") List<String> storedNames, @ForAll("steps") List<Step> steps) {
        List<Connection> initial = new ArrayList<>();
        for (String name : storedNames) {
            // Stored as an older version could have: look-alikes side by side, the first one the default.
            initial.add(row(name, initial.isEmpty()));
        }
        CheckedAppState state = state(initial);
        List<Connection> model = new ArrayList<>(initial);
        for (Step step : steps) {
            Connection target = model.isEmpty() ? null : model.get(step.row() % model.size());
            switch (step.kind()) {
                case INSERT -> {
                    boolean makeDefault = model.stream().noneMatch(Connection::isDefault);
                    Connection fresh = row(step.name(), makeDefault);
                    boolean taken = CheckedAppState.nameTaken(model, fresh.name(), null);
                    assertThat(outcome(() -> state.insert(fresh))).isEqualTo(taken ? "duplicate" : "ok");
                    if (!taken) {
                        model.add(fresh);
                    }
                }
                case RENAME -> {
                    if (target == null) {
                        continue;
                    }
                    Connection renamed = target.withName(step.name(), T.plusSeconds(1));
                    boolean taken = !step.name().equals(target.name())
                            && CheckedAppState.nameTaken(model, step.name(), target.id());
                    assertThat(outcome(() -> state.update(renamed))).isEqualTo(taken ? "duplicate" : "ok");
                    if (!taken) {
                        model.set(model.indexOf(target), renamed);
                    }
                }
                case MAKE_DEFAULT, CLEAR_DEFAULT -> {
                    if (target == null) {
                        continue;
                    }
                    boolean makeDefault = step.kind() == Kind.MAKE_DEFAULT;
                    Connection moved = target.withDefault(makeDefault, T.plusSeconds(1));
                    boolean another =
                            makeDefault && model.stream().anyMatch(c -> c.isDefault() && !c.id().equals(target.id()));
                    assertThat(outcome(() -> state.update(moved))).isEqualTo(another ? "two defaults" : "ok");
                    if (!another) {
                        model.set(model.indexOf(target), moved);
                    }
                }
                case DELETE -> {
                    if (target == null) {
                        continue;
                    }
                    state.delete(target.id());
                    model.remove(target);
                }
            }
            assertThat(state.connections()).containsExactlyInAnyOrderElementsOf(model);
        }
    }

    @Provide
    Arbitrary<List<String>> stored() {
        return Arbitraries.of(NAMES).list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(
                        Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 20), Arbitraries.of(NAMES))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(30);
    }

    private static String outcome(Runnable change) {
        try {
            change.run();
            return "ok";
        } catch (DuplicateConnectionNameException e) {
            return "duplicate";
        } catch (IllegalStateException e) {
            return "two defaults";
        }
    }

    private static CheckedAppState state(List<Connection> rows) {
        return new CheckedAppState(WS, APP, rows) {
            @Override
            protected void storeInsert(Connection connection) {}

            @Override
            protected void storeUpdate(Connection before, Connection updated) {}

            @Override
            protected void storeDelete(ConnectionId id) {}
        };
    }

    private static Connection row(String name, boolean isDefault) {
        return new Connection(
                ConnectionId.random(), WS, APP, name, isDefault, SecretRef.random(), "…abcd", Map.of(), T, T, 1);
    }
}
