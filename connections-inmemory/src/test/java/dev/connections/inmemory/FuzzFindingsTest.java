package dev.connections.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.catalog.IntegrationSearch;
import dev.connections.catalog.bundled.IntegrationCatalogs;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.error.ConnectionValidationException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 27 (and two input items of issue 19), each input found by fuzzing, through the facade. */
class FuzzFindingsTest {
    private static final WorkspaceId WS = WorkspaceId.of("acme-corp");
    private static final IntegrationId OPENAI = IntegrationId.of("openai");

    private final Connections connections = facade();

    static Connections facade() {
        return ConnectionsBuilder.newBuilder()
                .repository(new InMemoryConnectionRepository())
                .secretStore(new InMemorySecretStore())
                .catalog(IntegrationCatalogs.bundled())
                .keyRing(EncryptionTestSupport.ring("k1"))
                .build();
    }

    @AfterEach
    void close() {
        connections.close();
    }

    private static CustomConnectionSpec.Builder custom(String baseUrl, String key) {
        return CustomConnectionSpec.builder()
                .appName("Acme CRM")
                .baseUrl(baseUrl)
                .connectionName("Main")
                .apiKey(Secret.of(key));
    }

    private Map<String, List<String>> refused(Runnable call) {
        ConnectionValidationException e =
                (ConnectionValidationException) catchThrowable(call, ConnectionValidationException.class);
        assertThat(connections.connectedApps(WS)).as("nothing is stored").isEmpty();
        return e.fieldErrors();
    }

    private static Throwable catchThrowable(Runnable call, Class<? extends Throwable> type) {
        try {
            call.run();
        } catch (Throwable t) {
            assertThat(t).isInstanceOf(type);
            return t;
        }
        throw new AssertionError("expected " + type.getSimpleName());
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("an ambiguous IPv4 spelling is a field error on baseUrl at save, and nothing is stored")
    @ValueSource(
            strings = {
                "https://0127.0.0.1",
                "https://010.0.0.1",
                "https://0172.016.00.01:08080#@127.0.0.1",
                "https://1.1.-2.3",
                "https://8.8.8.256",
                "https://[::2147483648.1.1.1]"
            })
    void ambiguousBaseUrlsAreRefusedAtSave(String url) {
        Map<String, List<String>> errors = refused(() -> connections.addCustomConnection(
                WS, custom(url, "acme-key-0123456789").build()));
        assertThat(errors).containsOnlyKeys("baseUrl");
    }

    @Test
    @DisplayName("http to a link-local address: both problems in one validation error")
    void everyBaseUrlProblemAtOnce() {
        Map<String, List<String>> errors = refused(() -> connections.addCustomConnection(
                WS, custom("http://169.254.169.254", "acme-key-0123456789").build()));
        assertThat(errors.get("baseUrl"))
                .hasSize(2)
                .anySatisfy(m -> assertThat(m).contains("Use https"))
                .anySatisfy(m -> assertThat(m).contains("169.254.169.254 is a link-local address"));
    }

    @Test
    @DisplayName("a key with a lone surrogate is refused with its position, never stored with '?' in its place")
    void loneSurrogateKeysAreRefused() {
        Map<String, List<String>> errors = refused(() -> connections.addCustomConnection(
                WS, custom("https://api.acme.example", "key-\uD800-0123456789").build()));
        assertThat(errors.get("apiKey"))
                .singleElement()
                .asString()
                .contains("broken character", "U+D800", "position 5");
        Map<String, List<String>> low = refused(
                () -> connections.addConnection(WS, OPENAI, "Main", Secret.of("sk-\uDC00abcdefghijklmnopqrstuvwxyz")));
        assertThat(low.get("apiKey")).singleElement().asString().contains("U+DC00", "position 4");
    }

    @Test
    @DisplayName("a surrogate pair (an emoji) is a whole character and stored as typed")
    void surrogatePairsRoundTrip() {
        String key = "key-\uD83D\uDD11-0123456789";
        Connection stored = connections.addCustomConnection(
                WS, custom("https://api.acme.example", key).build());
        assertThat(connections.resolve(WS, stored.id()).withKey(Secret::reveal)).isEqualTo(key);
    }

    @Test
    @DisplayName("an invisible character is refused on a custom app, naming the character and its position")
    void invisibleCharactersAreRefusedOnCustomApps() {
        for (String[] c : new String[][] {
            {"\u200B", "U+200B ZERO WIDTH SPACE"},
            {"\uFEFF", "U+FEFF ZERO WIDTH NO-BREAK SPACE"},
            {"\u202E", "U+202E RIGHT-TO-LEFT OVERRIDE"},
            {"\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"},
            {"\u00AD", "U+00AD SOFT HYPHEN"},
            {"\u0007", "U+0007 BEL"}
        }) {
            Map<String, List<String>> errors = refused(() -> connections.addCustomConnection(
                    WS,
                    custom("https://api.acme.example", "acme-key-0" + c[0] + "123")
                            .build()));
            assertThat(errors.get("apiKey"))
                    .as(c[1])
                    .singleElement()
                    .asString()
                    .contains("(" + c[1] + ") at position 11");
        }
        assertThat(refused(() -> connections.addCustomConnection(
                                WS,
                                custom("https://api.acme.example", "acme-key\u200B")
                                        .build()))
                        .get("apiKey"))
                .singleElement()
                .asString()
                .contains("contains an invisible character (U+200B ZERO WIDTH SPACE) at position 9");
    }

    @Test
    @DisplayName("on a catalog app with a key format, the invisible character is blamed, not the format")
    void invisibleCharacterComesBeforeTheFormat() {
        String key = "sk-proj-abcdefghij\u200Bklmnopqrstuvwxyz";
        Map<String, List<String>> errors = refused(() -> connections.addConnection(WS, OPENAI, "Main", Secret.of(key)));
        assertThat(errors.get("apiKey"))
                .singleElement()
                .asString()
                .contains("invisible character (U+200B ZERO WIDTH SPACE) at position 19")
                .doesNotContain("format");

        // A key that is also of the wrong format gets both sentences.
        Map<String, List<String>> both =
                refused(() -> connections.addConnection(WS, OPENAI, "Main", Secret.of("sk-ant-\u200Bshort")));
        assertThat(both.get("apiKey")).hasSize(2);
        assertThat(both.get("apiKey").get(0)).contains("U+200B");
        assertThat(both.get("apiKey").get(1)).contains("does not have the format of OpenAI API keys");
    }

    @Test
    @DisplayName("replacing a key checks it the same way")
    void replacedKeysAreChecked() {
        Connection c = connections.addCustomConnection(
                WS, custom("https://api.acme.example", "acme-key-0123456789").build());
        assertThatThrownBy(() -> connections.editConnection(
                        WS, c.id(), ConnectionEdit.replaceApiKey(c.version(), Secret.of("acme\u200B-key"))))
                .isInstanceOfSatisfying(ConnectionValidationException.class, e -> assertThat(
                                e.fieldErrors().get("apiKey"))
                        .singleElement()
                        .asString()
                        .contains("U+200B ZERO WIDTH SPACE", "position 5"));
        assertThat(connections.resolve(WS, c.id()).withKey(Secret::reveal)).isEqualTo("acme-key-0123456789");
    }

    @Test
    @DisplayName("a basic-auth spec that also names a setting 'username' is a field error, not an exception")
    void basicAuthUsernameSettingClash() {
        Map<String, List<String>> errors = refused(() -> connections.addCustomConnection(
                WS,
                custom("https://api.acme.example", "acme-key-0123456789")
                        .basicAuth("bob")
                        .setting("username", "alice")
                        .build()));
        assertThat(errors).containsOnlyKeys("settings.username");
    }

    @Test
    @DisplayName("a user name left over from basic auth is no setting once the key goes in a header")
    void leftoverBasicUsername() {
        // Through the builder, switching clears it ...
        Map<String, List<String>> viaBuilder = refused(() -> connections.addCustomConnection(
                WS,
                custom("https://api.acme.example", "acme-key-0123456789")
                        .basicAuth("bob")
                        .header("X-Api-Key", "")
                        .probePath("/v1/users/{username}")
                        .build()));
        assertThat(viaBuilder).containsOnlyKeys("probePath");
        // ... and a spec made directly is validated against the settings its stored definition will have.
        CustomConnectionSpec direct = new CustomConnectionSpec(
                "Acme CRM",
                "https://api.acme.example",
                CustomConnectionSpec.AuthType.QUERY_PARAMETER,
                "api_key",
                "",
                "bob",
                Map.of(),
                "Main",
                Secret.of("acme-key-0123456789"),
                "/v1/users/{username}");
        assertThat(refused(() -> connections.addCustomConnection(WS, direct))).containsOnlyKeys("probePath");
    }

    @Test
    @DisplayName("search takes at most 200 characters, counted before normalisation")
    void searchLength() {
        String longest = "a".repeat(IntegrationSearch.MAX_QUERY_LENGTH);
        assertThat(connections.exploreIntegrations(WS, longest)).isEmpty();
        assertThat(connections.exploreIntegrations(WS, "openai")).isNotEmpty();
        for (String query : List.of(longest + "a", "\uFDFA".repeat(181_838), "a ".repeat(500_000))) {
            assertThatThrownBy(() -> connections.exploreIntegrations(WS, query))
                    .isInstanceOfSatisfying(ConnectionValidationException.class, e -> assertThat(e.fieldErrors())
                            .containsOnlyKeys("query"));
        }
    }
}
