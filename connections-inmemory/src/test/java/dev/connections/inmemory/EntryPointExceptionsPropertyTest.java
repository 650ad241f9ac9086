package dev.connections.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.Connections;
import dev.connections.catalog.InvalidCatalogException;
import dev.connections.catalog.bundled.IntegrationCatalogs;
import dev.connections.connection.BaseUrlPolicy;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.error.ConnectionsException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.keys.KeyProviders;
import dev.connections.keys.MasterKey;
import dev.connections.keys.MasterKeys;
import dev.connections.keys.WrappedKeyRing;
import dev.connections.secret.Secret;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;

/**
 * Issue 27: every public entry point fed arbitrary strings throws only what its Javadoc names, so nothing
 * becomes a 500 behind an HTTP API: {@link ConnectionsException} subclasses from the facade, {@link
 * InvalidCatalogException} from catalog JSON, {@link IllegalArgumentException} from key-ring text, and
 * nothing at all from {@link BaseUrlPolicy#check(String)}.
 */
class EntryPointExceptionsPropertyTest {
    private static final WorkspaceId WS = WorkspaceId.of("fuzz");
    private static final List<IntegrationId> APPS =
            List.of(IntegrationId.of("openai"), IntegrationId.of("twilio"), IntegrationId.of("nope"));
    private static final MasterKey MASTER = MasterKeys.aes("m1", EncryptionTestSupport.key());
    private static final Connections CONNECTIONS = FuzzFindingsTest.facade();
    private static final Connection EXISTING = CONNECTIONS.addCustomConnection(
            WS,
            CustomConnectionSpec.builder()
                    .appName("Fuzz target")
                    .baseUrl("https://api.fuzz.example")
                    .connectionName("Main")
                    .apiKey(Secret.of("fuzz-key-0123456789"))
                    .build());

    /** Pieces that reach the parsers' corners: IP literals, URL delimiters, surrogates, key-ring syntax, JSON. */
    private static final List<String> PIECES = List.of(
            "https://",
            "http://",
            "HTTP://",
            "[",
            "]",
            "::",
            "::ffff:",
            ":",
            ".",
            "0",
            "00",
            "0x",
            "127",
            "255",
            "256",
            "08080",
            "2147483648",
            "99999999999",
            "-",
            "+",
            "@",
            "#",
            "%",
            "%25",
            "/",
            "{",
            "}",
            "{username}",
            "?",
            "\u200B",
            "\uFEFF",
            "\uD800",
            "\uDC00",
            "\uD83D\uDD11",
            "\uFDFA",
            "\uFF11",
            "\u3002",
            "é",
            " ",
            "\n",
            "\u0000",
            "=",
            ";",
            "primary=",
            "master=",
            "m1",
            "k1:",
            "AAAA",
            "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=",
            "sk-",
            "username",
            "xn--",
            "{\"",
            "\"integrations\"",
            "[]",
            "\"id\"",
            "\u0000m\u0000\u0000",
            "https://[::2147483648.1.1.1]",
            "/v1/{username}",
            "https://0127.0.0.1");

    @AfterContainer
    static void closeFacade() {
        CONNECTIONS.close();
    }

    @Provide
    Arbitrary<String> inputs() {
        Arbitrary<String> pieced = Arbitraries.of(PIECES).list().ofMaxSize(10).map(l -> String.join("", l));
        return Arbitraries.oneOf(
                pieced,
                pieced,
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().ofMaxLength(300));
    }

    @Property(tries = 400)
    @Label("BaseUrlPolicy.check and problems never throw")
    void baseUrlPolicy(@ForAll("inputs") String url) {
        for (BaseUrlPolicy policy : List.of(
                BaseUrlPolicy.defaults(),
                BaseUrlPolicy.defaults().allowingHttpOnLoopback(),
                BaseUrlPolicy.allowing("10.0.0.0/8", "*.corp.example"))) {
            BaseUrlPolicy.Verdict verdict = policy.check(url);
            assertThat(verdict.allowed()).isEqualTo(policy.problems(url).isEmpty());
        }
    }

    @Property(tries = 300)
    @Label("facade add, addCustom, edit and explore throw only ConnectionsException")
    void facade(@ForAll("inputs") String a, @ForAll("inputs") String b, @ForAll("auth") int auth) {
        for (IntegrationId app : APPS) {
            only(ConnectionsException.class, () -> CONNECTIONS.addConnection(WS, app, a, Secret.of(b)));
        }
        CustomConnectionSpec.Builder spec = CustomConnectionSpec.builder()
                .appName(a)
                .baseUrl(b)
                .setting(a, b)
                .connectionName(b)
                .apiKey(Secret.of(a))
                .probePath(b);
        switch (auth) {
            case 0 -> spec.header(a, b);
            case 1 -> spec.queryParameter(b);
            default -> spec.basicAuth(a);
        }
        only(ConnectionsException.class, () -> CONNECTIONS.addCustomConnection(WS, spec.build()));
        // Each field fuzzed in turn, the others at the corners the fuzzing campaign found: a basic-auth user
        // name left over under another auth kind, a probe path naming {username}, a setting named username.
        for (int field = 0; field < 8; field++) {
            String[] v = {
                "Fuzz target", "https://api.fuzz.example", "X-Key", "", "bob", "username", "Other", "/v1/{username}"
            };
            v[field] = a;
            CustomConnectionSpec direct = new CustomConnectionSpec(
                    v[0],
                    v[1],
                    CustomConnectionSpec.AuthType.values()[auth],
                    v[2],
                    v[3],
                    v[4],
                    java.util.Map.of(v[5], "alice"),
                    v[6],
                    Secret.of(field == 0 ? b : "fuzz-key-0123456789"),
                    v[7]);
            only(ConnectionsException.class, () -> CONNECTIONS.addCustomConnection(WS, direct));
        }
        long version = CONNECTIONS.connection(WS, EXISTING.id()).orElseThrow().version();
        only(
                ConnectionsException.class,
                () -> CONNECTIONS.editConnection(WS, EXISTING.id(), ConnectionEdit.rename(version, a)));
        only(
                ConnectionsException.class,
                () -> CONNECTIONS.editConnection(
                        WS, EXISTING.id(), ConnectionEdit.replaceApiKey(version, Secret.of(b))));
        only(ConnectionsException.class, () -> CONNECTIONS.exploreIntegrations(WS, a));
    }

    @Provide
    Arbitrary<Integer> auth() {
        return Arbitraries.integers().between(0, 2);
    }

    @Property(tries = 400)
    @Label("key-ring text throws only IllegalArgumentException")
    void keyRingText(@ForAll("inputs") String text) {
        only(IllegalArgumentException.class, () -> KeyProviders.fromText(text));
        only(IllegalArgumentException.class, () -> WrappedKeyRing.unwrap(text, MASTER));
        only(IllegalArgumentException.class, () -> WrappedKeyRing.unwrap("master=m1;" + text, MASTER));
    }

    @Property(tries = 400)
    @Label("catalog JSON of any bytes throws only InvalidCatalogException")
    void catalogJson(@ForAll("inputs") String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] raw = new byte[text.length()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) text.charAt(i);
        }
        for (byte[] bytes : List.of(utf8, raw)) {
            only(InvalidCatalogException.class, () -> IntegrationCatalogs.fromJson(new ByteArrayInputStream(bytes)));
        }
    }

    @Test
    void malformedUtf32IsAnInvalidCatalog() {
        byte[] bytes = "\u0000m\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> IntegrationCatalogs.fromJson(new ByteArrayInputStream(bytes)))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("not valid JSON");
    }

    private static void only(Class<? extends RuntimeException> documented, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            assertThat(e).as("undocumented exception").isInstanceOf(documented);
        }
    }
}
