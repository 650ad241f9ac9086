package dev.connections.tck;

import dev.connections.ConnectionsBuilder;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.ConnectionsMachine.App;
import dev.connections.tck.ConnectionsMachine.ModelConnection;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * A jqwik stateful property: random sequences of add / add custom / rename / replace key / set default /
 * delete / resolve / cross-workspace access over 3 workspaces and 4 apps (3 catalog apps and a custom
 * one), with the facade compared after every step against a simple model — one default per app with
 * connections, counts, listing order, the trigger path and workspace isolation.
 *
 * <p>Extend it and implement {@link #createRepository()} and {@link #createSecretStore()}; both are
 * called once per try. The number of tries is jqwik's default ({@code jqwik.tries.default}, 1000 in this
 * build); {@link #maxActions()} bounds each sequence.
 */
public abstract class ConnectionsStatefulContract {

    /** The repository under test; called once per try. */
    protected abstract ConnectionRepository createRepository();

    /** The secret store under test; called once per try. */
    protected abstract SecretStore createSecretStore();

    /** Adjusts the facade's wiring; the default changes nothing. */
    protected ConnectionsBuilder configure(ConnectionsBuilder builder) {
        return builder;
    }

    /** Longest action sequence per try (default 30). */
    protected int maxActions() {
        return 30;
    }

    @Property
    void facadeBehavesLikeTheModel(@ForAll("sequences") ActionChain<ConnectionsMachine> chain) {
        try {
            chain.withInvariant("facade equals model", ConnectionsMachine::checkAgainstModel)
                    .run()
                    .checkNoOrphanSecrets();
        } finally {
            chain.finalState().ifPresent(ConnectionsMachine::close);
        }
    }

    @Provide
    Arbitrary<ActionChain<ConnectionsMachine>> sequences() {
        return ActionChain.<ConnectionsMachine>startWith(() -> new ConnectionsMachine(
                        TckConnections.create(createRepository(), createSecretStore(), this::configure), 3))
                .withAction(6, new Add())
                .withAction(2, new Rename())
                .withAction(2, new ReplaceKey())
                .withAction(3, new SetDefault())
                .withAction(2, new Delete())
                .withAction(1, new Resolve())
                .withAction(1, new Poke())
                .withMaxTransformations(maxActions());
    }

    // ---- generators ----------------------------------------------------------------------------------

    private static Arbitrary<String> names() {
        // Few names in two letter cases, so duplicates (case-insensitive) happen often.
        return Arbitraries.of(
                "Main", "main", "Backup", "BACKUP", "Prod", "ops key", "Zeta", "alpha", "Échec", "x1", "X2");
    }

    // Skewed towards one workspace and one app, so apps often hold several connections and deleting a
    // default has a real choice of successor.
    private static Arbitrary<Integer> workspaceIndexes() {
        return Arbitraries.frequency(
                net.jqwik.api.Tuple.of(6, 0), net.jqwik.api.Tuple.of(2, 1), net.jqwik.api.Tuple.of(2, 2));
    }

    private static Arbitrary<App> apps() {
        return Arbitraries.frequency(
                net.jqwik.api.Tuple.of(5, App.ALPHA),
                net.jqwik.api.Tuple.of(2, App.BETA),
                net.jqwik.api.Tuple.of(1, App.GAMMA),
                net.jqwik.api.Tuple.of(2, App.CUSTOM));
    }

    private static Arbitrary<String> keys() {
        Arbitrary<String> tail =
                Arbitraries.strings().alpha().numeric().ofMinLength(8).ofMaxLength(16);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, tail.map(t -> "bk-" + t)),
                net.jqwik.api.Tuple.of(4, tail.map(t -> "sk-" + t)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("has space", "")));
    }

    private static Arbitrary<ModelConnection> existing(ConnectionsMachine machine) {
        return Arbitraries.of(machine.all());
    }

    private abstract static class OnExisting implements Action.Dependent<ConnectionsMachine> {
        @Override
        public boolean precondition(ConnectionsMachine machine) {
            return !machine.all().isEmpty();
        }
    }

    // ---- actions -------------------------------------------------------------------------------------

    private static final class Add implements Action.Independent<ConnectionsMachine> {
        @Override
        public Arbitrary<Transformer<ConnectionsMachine>> transformer() {
            return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of(App.class), names(), keys())
                    .as((ws, app, name, key) -> Transformer.mutate(
                            "add ws" + ws + " " + app + " '" + name + "' key(" + key.length() + ")",
                            m -> m.add(ws, app, name, key)));
        }
    }

    private static final class Rename extends OnExisting {
        @Override
        public Arbitrary<Transformer<ConnectionsMachine>> transformer(ConnectionsMachine machine) {
            return Combinators.combine(
                            existing(machine), names(), Arbitraries.integers().between(0, 4))
                    .as((c, name, dice) -> Transformer.mutate(
                            "rename " + c + " to '" + name + "'" + (dice == 0 ? " (stale)" : ""),
                            m -> m.rename(c, name, dice == 0)));
        }
    }

    private static final class ReplaceKey extends OnExisting {
        @Override
        public Arbitrary<Transformer<ConnectionsMachine>> transformer(ConnectionsMachine machine) {
            return Combinators.combine(
                            existing(machine), keys(), Arbitraries.integers().between(0, 4))
                    .as((c, key, dice) -> Transformer.mutate(
                            "replace key of " + c + (dice == 0 ? " (stale)" : ""),
                            m -> m.replaceKey(c, key, dice == 0)));
        }
    }

    private static final class SetDefault extends OnExisting {
        @Override
        public Arbitrary<Transformer<ConnectionsMachine>> transformer(ConnectionsMachine machine) {
            return existing(machine).map(c -> Transformer.mutate("set default " + c, m -> m.setDefault(c)));
        }
    }

    private static final class Delete extends OnExisting {
        @Override
        public Arbitrary<Transformer<ConnectionsMachine>> transformer(ConnectionsMachine machine) {
            return Combinators.combine(existing(machine), Arbitraries.integers().between(0, 5))
                    .as((c, dice) -> Transformer.mutate(
                            "delete " + c + (dice == 0 ? " (stale)" : ""), m -> m.delete(c, dice == 0)));
        }
    }

    private static final class Resolve extends OnExisting {
        @Override
        public Arbitrary<Transformer<ConnectionsMachine>> transformer(ConnectionsMachine machine) {
            return existing(machine).map(c -> Transformer.mutate("resolve " + c, m -> m.resolve(c)));
        }
    }

    private static final class Poke extends OnExisting {
        @Override
        public Arbitrary<Transformer<ConnectionsMachine>> transformer(ConnectionsMachine machine) {
            return Combinators.combine(existing(machine), Arbitraries.integers().between(1, 2))
                    .as((c, offset) ->
                            Transformer.mutate("use " + c + " from another workspace", m -> m.poke(c, offset)));
        }
    }
}
