package dev.connections.tck;

import static dev.connections.tck.TckCatalog.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.connection.BaseUrlPolicy;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.connection.NameRules;
import dev.connections.error.BaseUrlRefusedException;
import dev.connections.error.ConnectionValidationException;
import dev.connections.error.DuplicateConnectionNameException;
import dev.connections.event.AuditLog;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * The name rules end to end through the facade over the storage under test: names stored NFC, invisible
 * and bidi-control characters refused, look-alike names one name, custom apps kept apart from catalog
 * names, names stored before these rules still listed and editable, the audit log free of invisible
 * characters; and a custom app whose stored base URL the current policy refuses is never handed out.
 *
 * <p>Extend it and implement {@link #createRepository()} and {@link #createSecretStore()}; both are called
 * once per example and property (a property's tries share the storage and use fresh workspaces).
 */
public abstract class ConnectionNamesContract {
    private static final String AUDIT = AuditLog.LOGGER_NAME;

    private @Nullable TckConnections tck;
    private final ListAppender<ILoggingEvent> audit = new ListAppender<>();
    private @Nullable Level auditLevel;

    /** The repository under test; called once per example or property. */
    protected abstract ConnectionRepository createRepository();

    /** The secret store under test; called after {@link #createRepository()}. */
    protected abstract SecretStore createSecretStore();

    /** Adjusts the facade's wiring; the default changes nothing. */
    protected ConnectionsBuilder configure(ConnectionsBuilder builder) {
        return builder;
    }

    @BeforeProperty
    void setUp() {
        tck = TckConnections.create(createRepository(), createSecretStore(), this::configure);
        Logger logger = (Logger) LoggerFactory.getLogger(AUDIT);
        auditLevel = logger.getLevel();
        logger.setLevel(Level.INFO);
        audit.start();
        logger.addAppender(audit);
    }

    @AfterProperty
    void tearDown() {
        Logger logger = (Logger) LoggerFactory.getLogger(AUDIT);
        logger.detachAppender(audit);
        logger.setLevel(auditLevel);
        audit.stop();
        if (tck != null) {
            tck.close();
        }
    }

    private Connections connections() {
        return tck.connections();
    }

    private static Secret key() {
        return Secret.of(TckData.recognisableKey("names-"));
    }

    private static CustomConnectionSpec.Builder custom(String appName, String connectionName) {
        return CustomConnectionSpec.builder()
                .appName(appName)
                .baseUrl("https://api.acme.example")
                .connectionName(connectionName)
                .apiKey(key());
    }

    // ---- stored form and look-alikes -------------------------------------------------------------

    @Example
    void namesAreStoredNfcAndStrippedOfEveryKindOfSpace() {
        WorkspaceId ws = TckData.newWorkspace();
        Connection c = connections().addConnection(ws, ALPHA, "\u00A0\u3000Cafe\u0301 key\u2003", key());
        assertThat(c.name()).isEqualTo("Caf\u00E9 key");
        assertThat(connections().connections(ws, ALPHA))
                .extracting(Connection::name)
                .containsExactly("Caf\u00E9 key");
    }

    @Example
    void namesThatLookAlikeAreOneName() {
        WorkspaceId ws = TckData.newWorkspace();
        connections().addConnection(ws, ALPHA, "Key for deepl", key());
        TckConnections.Snapshot before = tck.snapshot(ws);
        int auditBefore = audit.list.size();
        for (String lookAlike : List.of(
                "Key\u00A0for deepl",
                "KEY FOR DEEPL",
                "Key  for\u3000deepl",
                "\uFF2B\uFF45\uFF59 for deepl",
                "key for deepl\u00A0")) {
            assertThatThrownBy(() -> connections().addConnection(ws, ALPHA, lookAlike, key()))
                    .as("%s", lookAlike.codePoints().boxed().toList())
                    .isInstanceOf(DuplicateConnectionNameException.class);
        }
        assertThat(tck.snapshot(ws)).isEqualTo(before);
        assertThat(audit.list).hasSize(auditBefore);
    }

    @Example
    void renamingToALookAlikeIsRefused() {
        WorkspaceId ws = TckData.newWorkspace();
        connections().addConnection(ws, ALPHA, "Stra\u00DFe", key());
        Connection other = connections().addConnection(ws, ALPHA, "Other", key());
        assertThatThrownBy(() ->
                        connections().editConnection(ws, other.id(), ConnectionEdit.rename(other.version(), "STRASSE")))
                .isInstanceOf(DuplicateConnectionNameException.class);
    }

    // ---- refused characters -----------------------------------------------------------------------

    @Example
    void invisibleCharactersAreFieldErrorsThatNameButDoNotRepeatThem() {
        WorkspaceId ws = TckData.newWorkspace();
        for (String name : List.of(
                "Prod\u202Eyek",
                "Key\u200Bfor deepl",
                "\uFEFFKey",
                "Soft\u00ADhyphen",
                "Fill\u3164er",
                "Braille\u2800blank")) {
            ConnectionValidationException e = catchThrowableOfType(
                    () -> connections().addConnection(ws, ALPHA, name, key()), ConnectionValidationException.class);
            assertThat(e).as("%s", name.codePoints().boxed().toList()).isNotNull();
            String message = e.errorsFor("name").get(0);
            assertThat(message).contains("U+");
            assertThat(NameRules.problem(message, "The message")).as(message).isEmpty();
        }
        Connection c = connections().addConnection(ws, ALPHA, "Prod key", key());
        ConnectionValidationException rename = catchThrowableOfType(
                () -> connections().editConnection(ws, c.id(), ConnectionEdit.rename(c.version(), "Prod\u2066key")),
                ConnectionValidationException.class);
        assertThat(rename.errorsFor("name")).singleElement().asString().contains("U+2066");

        ConnectionValidationException customApp = catchThrowableOfType(
                () -> connections()
                        .addCustomConnection(
                                ws, custom("Acme\u200DCRM", "Main\u061C").build()),
                ConnectionValidationException.class);
        assertThat(customApp.errorsFor("appName")).singleElement().asString().contains("U+200D");
        assertThat(customApp.errorsFor("connectionName"))
                .singleElement()
                .asString()
                .contains("U+061C");
        assertThat(connections().connectedApps(ws)).hasSize(1);
    }

    // ---- custom app names -------------------------------------------------------------------------

    @Example
    void customAppsCannotTakeACatalogName() {
        WorkspaceId ws = TckData.newWorkspace();
        ConnectionValidationException e = catchThrowableOfType(
                () -> connections()
                        .addCustomConnection(
                                ws, custom("ALPHA\u00A0mail", "Main").build()),
                ConnectionValidationException.class);
        assertThat(e.errorsFor("appName"))
                .containsExactly("alpha Mail is already in the catalog — add a connection to it instead.");
        // A look-alike letter of another script is refused as a mixed-script word.
        ConnectionValidationException cyrillic = catchThrowableOfType(
                () -> connections()
                        .addCustomConnection(
                                ws, custom("\u0430lpha Mail", "Main").build()),
                ConnectionValidationException.class);
        assertThat(cyrillic.errorsFor("appName")).singleElement().asString().contains("Cyrillic and Latin");
        assertThat(connections().connectedApps(ws)).isEmpty();
    }

    @Example
    void customAppNamesThatLookAlikeAreOneApp() {
        WorkspaceId ws = TckData.newWorkspace();
        Connection first =
                connections().addCustomConnection(ws, custom("Acme CRM", "One").build());
        Connection second = connections()
                .addCustomConnection(ws, custom("ACME\u00A0\u00A0crm", "Two").build());
        assertThat(second.integration()).isEqualTo(first.integration());
        assertThat(connections().connectedApps(ws)).singleElement().satisfies(app -> {
            assertThat(app.displayName()).isEqualTo("Acme CRM");
            assertThat(app.connectionCount()).isEqualTo(2);
        });
    }

    // ---- names stored before these rules ----------------------------------------------------------

    @Example
    void aNameStoredBeforeTheRulesStillLoadsAndCanBeEdited() {
        WorkspaceId ws = TckData.newWorkspace();
        Connection plain = connections().addConnection(ws, ALPHA, "Prod key", key());
        String old = "Prod\u202Eyek \"x\"";
        Connection stored = storeBehindTheLibrary(ws, plain, old);
        Connection other = connections().addConnection(ws, ALPHA, "Other", key());

        assertThat(connections().connection(ws, plain.id()).orElseThrow().name())
                .isEqualTo(old);
        // A form sends the shown name back with a new key: that is no rename, so the old name stays.
        Connection edited =
                connections().editConnection(ws, plain.id(), ConnectionEdit.of(stored.version(), old, key()));
        assertThat(edited.name()).isEqualTo(old);
        assertThat(edited.version()).isEqualTo(stored.version() + 1);
        connections().setDefault(ws, other.id());
        connections().setDefault(ws, plain.id());
        assertThat(connections().resolveDefault(ws, ALPHA).connection().name()).isEqualTo(old);
        // Renaming it is held to today's rules.
        Connection current = connections().connection(ws, plain.id()).orElseThrow();
        assertThatThrownBy(() -> connections()
                        .editConnection(ws, plain.id(), ConnectionEdit.rename(current.version(), old + "!")))
                .isInstanceOf(ConnectionValidationException.class);
        Connection renamed =
                connections().editConnection(ws, plain.id(), ConnectionEdit.rename(current.version(), "Prod key"));
        assertThat(renamed.name()).isEqualTo("Prod key");

        String renamedLine = auditLines().stream()
                .filter(l -> l.startsWith("connection.renamed")
                        && l.contains(plain.id().toString()))
                .findFirst()
                .orElseThrow();
        assertThat(renamedLine).contains("from=\"Prod\\u202Eyek \\\"x\\\"\"").contains("to=\"Prod key\"");
    }

    /** Writes {@code name} through the SPI, as a version without the name rules could have stored it. */
    private Connection storeBehindTheLibrary(WorkspaceId ws, Connection c, String name) {
        Connection renamed = TckData.renamed(c, name);
        tck.repository().modify(ws, c.integration(), state -> {
            state.update(renamed);
            return null;
        });
        return renamed;
    }

    // ---- custom apps stored under a looser base URL policy ----------------------------------------

    @Example
    void aCustomAppThePolicyNowRefusesIsNotHandedOut() {
        WorkspaceId ws = TckData.newWorkspace();
        Connection c;
        try (TckConnections loose = TckConnections.create(tck.repository(), tck.secrets(), b -> configure(b)
                .baseUrlPolicy(BaseUrlPolicy.allowing("10.0.0.0/8")))) {
            c = loose.connections()
                    .addCustomConnection(
                            ws,
                            custom("Intranet CRM", "Main")
                                    .baseUrl("https://10.0.0.5/api")
                                    .build());
            assertThat(loose.connections().resolveDefault(ws, c.integration()).baseUrl())
                    .hasValueSatisfying(url -> assertThat(url).hasHost("10.0.0.5"));
        }
        IntegrationId app = c.integration();

        for (Runnable trigger : List.<Runnable>of(
                () -> connections().resolveDefault(ws, app), () -> connections().resolve(ws, c.id()))) {
            BaseUrlRefusedException e = catchThrowableOfType(trigger::run, BaseUrlRefusedException.class);
            assertThat(e).isNotNull();
            assertThat(e.integration()).isEqualTo(app);
            assertThat(e.workspace()).isEqualTo(ws);
            assertThat(e.getMessage())
                    .contains("\"Intranet CRM\"", app.value(), "10.0.0.5 is a private network address");
        }
        assertThat(connections()
                        .maintenance()
                        .baseUrlPolicy()
                        .check(connections().integration(ws, app).orElseThrow())
                        .allowed())
                .isFalse();
        // Checking the definition again on a second connection refuses it on the base URL field.
        ConnectionValidationException again = catchThrowableOfType(
                () -> connections()
                        .addCustomConnection(
                                ws,
                                custom("Intranet CRM", "Second")
                                        .baseUrl("https://10.0.0.5/api")
                                        .build()),
                ConnectionValidationException.class);
        assertThat(again.errorsFor("baseUrl")).isNotEmpty();
        // Its connections stay listed and manageable.
        assertThat(connections().connections(ws, app))
                .extracting(Connection::id)
                .containsExactly(c.id());
    }

    // ---- properties over hostile names ------------------------------------------------------------

    @Property(tries = 100)
    void storedNamesAreVisibleNfcAndFoldApart(@ForAll("lookAlikes") List<String> names) {
        WorkspaceId ws = TckData.newWorkspace();
        int auditBefore = audit.list.size();
        List<Connection> added = new ArrayList<>();
        for (String name : names) {
            tryAdd(() -> added.add(connections().addConnection(ws, ALPHA, name, key())));
            tryAdd(() ->
                    connections().addCustomConnection(ws, custom(name, name).build()));
        }
        for (int i = 0; i + 1 < added.size(); i += 2) {
            Connection c = added.get(i);
            String newName = names.get((i + 1) % names.size()) + names.get(0);
            tryAdd(() -> connections().editConnection(ws, c.id(), ConnectionEdit.rename(c.version(), newName)));
        }

        List<String> stored = new ArrayList<>();
        connections().connectedApps(ws).forEach(app -> {
            List<Connection> list =
                    connections().connections(ws, app.integration().id());
            list.forEach(c -> stored.add(c.name()));
            assertThat(list.stream().map(c -> NameRules.key(c.name())).distinct())
                    .as("folded names of %s", app.integration().id())
                    .hasSameSizeAs(list);
        });
        List<String> appNames = tck.repository().customApps(ws).stream()
                .map(app -> app.displayName())
                .toList();
        assertThat(new HashSet<>(appNames.stream().map(NameRules::key).toList()))
                .hasSameSizeAs(appNames);
        stored.addAll(appNames);
        for (String name : stored) {
            assertThat(NameRules.problem(name, "A name"))
                    .as("%s", name.codePoints().boxed().toList())
                    .isEmpty();
            assertThat(NameRules.normalize(name)).isEqualTo(name);
        }
        for (String line : auditLines().subList(auditBefore, audit.list.size())) {
            assertThat(line.codePoints().filter(ConnectionNamesContract::invisibleInALog))
                    .as("audit line %s", line)
                    .isEmpty();
        }
    }

    private static void tryAdd(Runnable write) {
        try {
            write.run();
        } catch (ConnectionValidationException expected) {
            // Refused names are the point; what was stored is checked afterwards.
        }
    }

    private List<String> auditLines() {
        return List.copyOf(audit.list).stream()
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static boolean invisibleInALog(int cp) {
        int type = Character.getType(cp);
        return type == Character.FORMAT
                || type == Character.CONTROL
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE;
    }

    /** Every format character (Cf) this JDK knows, for the generators. */
    static final List<Integer> FORMAT_CHARACTERS = IntStream.rangeClosed(0, Character.MAX_CODE_POINT)
            .filter(cp -> Character.getType(cp) == Character.FORMAT)
            .boxed()
            .toList();

    /** Ways to write a name so that it looks the same, or nearly. */
    private static final List<UnaryOperator<String>> TWINS = List.of(
            s -> s.toUpperCase(Locale.ROOT),
            s -> s.replace(" ", "\u00A0"),
            s -> s.replace(" ", " \u3000"),
            s -> s.replace("k", "\uFF4B"),
            s -> s.replace("ss", "\u00DF"),
            s -> Normalizer.normalize(s, Normalizer.Form.NFD),
            s -> s.replace("e", "e\u200B"),
            s -> s.replace("y", "y\u0301"),
            s -> "\u2003" + s);

    @Provide
    Arbitrary<List<String>> lookAlikes() {
        Arbitrary<List<String>> pair = Combinators.combine(hostileName(), Arbitraries.of(TWINS))
                .as((name, twin) -> List.of(name, twin.apply(name)));
        return pair.list().ofMinSize(1).ofMaxSize(4).map(pairs -> pairs.stream()
                .flatMap(List::stream)
                .toList());
    }

    /**
     * Short names built from a small alphabet (so look-alikes happen often) mixed with every format
     * character, combining marks, other scripts' look-alike letters, every kind of space and blank
     * look-alikes, private-use and lone surrogate code points.
     */
    public static Arbitrary<String> hostileName() {
        Arbitrary<String> letters =
                Arbitraries.of("k", "K", "e", "y", "\u0435", "\u03BA", "\uFF4B", "s", "ss", "\u00DF", "S");
        Arbitrary<String> spaces = Arbitraries.of(" ", "\u00A0", "\u3000", "\u2003", "\u202F", "\t", "  ");
        Arbitrary<String> marks = Arbitraries.integers().between(0x0300, 0x036F).map(Character::toString);
        Arbitrary<String> formats = Arbitraries.of(FORMAT_CHARACTERS).map(Character::toString);
        Arbitrary<String> blanks = Arbitraries.of(
                "\u115F", "\u1160", "\u3164", "\uFFA0", "\u2800", "\u034F", "\uFE0F", "\uFE00", "\uE000", "\uD800",
                "\u2028", "\u0085", "\"", "\\");
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, letters),
                net.jqwik.api.Tuple.of(3, spaces),
                net.jqwik.api.Tuple.of(1, marks),
                net.jqwik.api.Tuple.of(1, formats),
                net.jqwik.api.Tuple.of(1, blanks));
        return piece.list().ofMinSize(1).ofMaxSize(6).map(parts -> String.join("", parts));
    }
}
