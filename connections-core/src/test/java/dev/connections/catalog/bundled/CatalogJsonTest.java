package dev.connections.catalog.bundled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.catalog.ClientAuthentication;
import dev.connections.catalog.GrantType;
import dev.connections.catalog.Integration;
import dev.connections.catalog.InvalidCatalogException;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.OAuth2Spec;
import dev.connections.catalog.Probe;
import dev.connections.catalog.SettingSpec;
import dev.connections.id.IntegrationId;
import dev.connections.spi.IntegrationCatalog;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogJsonTest {

    private static final String VALID_ENTRY =
            """
            { "id": "acme", "name": "Acme", "description": "Acme API.", "categories": ["Test"],
              "baseUrl": "https://api.acme.test/v1", "docsUrl": "https://acme.test/keys",
              "auth": { "type": "header", "name": "Authorization", "prefix": "Bearer " },
              "keyPattern": "acme_[a-z0-9]+", "keyFormatHint": "starts with acme_",
              "settings": [ { "name": "version", "label": "API version", "default": "1", "required": true,
                              "header": "Acme-Version" } ] }
            """;

    @Test
    void readsAValidCatalog() {
        IntegrationCatalog catalog = read("{ \"formatVersion\": 1, \"integrations\": [" + VALID_ENTRY + "] }");
        Integration acme = catalog.find(IntegrationId.of("acme")).orElseThrow();
        assertThat(acme.displayName()).isEqualTo("Acme");
        assertThat(acme.credentials().placement()).isEqualTo(KeyPlacement.bearer());
        assertThat(acme.credentials().keyFormat())
                .get()
                .satisfies(p -> assertThat(p.matcher("acme_123").matches()).isTrue());
        assertThat(acme.credentials().setting("version"))
                .contains(new SettingSpec("version", "API version", "1", true, "Acme-Version"));
        assertThat(acme.baseUrlIfKnown()).map(Object::toString).contains("https://api.acme.test/v1");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{ \"type\": \"header\", \"name\": \"x-api-key\" }        | x-api-key: <key>",
                "{ \"type\": \"query\", \"name\": \"api_token\" }         | ?api_token=<key>",
                "{ \"type\": \"basic\" }                                  | Basic auth (key as username)",
                "{ \"type\": \"path\", \"prefix\": \"bot\" }              | /bot<key>/…"
            })
    void readsEveryKindOfKeyPlacement(String auth, String described) {
        IntegrationCatalog catalog = read(single(VALID_ENTRY.replaceFirst("\\{ \"type\": \"header\"[^}]*}", auth)));
        assertThat(catalog.all().get(0).credentials().placement().describe()).isEqualTo(described);
    }

    @Test
    void basicAuthUsernameComesFromADeclaredSetting() {
        String entry = VALID_ENTRY.replaceFirst(
                "\\{ \"type\": \"header\"[^}]*}", "{ \"type\": \"basic\", \"usernameSetting\": \"version\" }");
        assertThat(read(single(entry)).all().get(0).credentials().placement())
                .isEqualTo(new KeyPlacement.BasicAuth("version"));
        String undeclared = VALID_ENTRY.replaceFirst(
                "\\{ \"type\": \"header\"[^}]*}", "{ \"type\": \"basic\", \"usernameSetting\": \"accountSid\" }");
        assertProblem(single(undeclared), "integrations[0] (id \"acme\"): auth.usernameSetting: \"accountSid\" is not");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"name\": \"Acme\",                         | | name: required",
                "\"name\": \"Acme\",                         | \"name\": 42,  | name: must be a string",
                "\"name\": \"Acme\",                         | \"name\": \" \", | name: must not be blank",
                "\"id\": \"acme\",                           | \"id\": \"Acme Inc\", | id: An integration id is",
                "\"id\": \"acme\",                           | \"id\": \"custom-acme\", | id: ids starting with \"custom-\" are reserved",
                "\"categories\": [\"Test\"],                 | \"categories\": [],  | categories: a non-empty array",
                "\"baseUrl\": \"https://api.acme.test/v1\",  | \"baseUrl\": \"http://api.acme.test\", | baseUrl: must be an absolute https URL",
                "\"docsUrl\": \"https://acme.test/keys\",    | \"docsURL\": \"https://acme.test/keys\", | docsURL: unknown field",
                "\"type\": \"header\",                       | \"type\": \"cookie\", | auth.type: must be one of header, query, basic, path",
                "\"name\": \"Authorization\",                | \"name\": \"Bad Header\", | auth: A header name must be a valid HTTP token",
                "\"name\": \"Authorization\",                | | auth.name: required",
                "\"keyPattern\": \"acme_[a-z0-9]+\",         | \"keyPattern\": \"acme_[\", | keyPattern: not a valid regular expression",
                "\"keyFormatHint\": \"starts with acme_\",   | | keyFormatHint: required when keyPattern is set",
                "\"required\": true,                         | \"required\": \"yes\", | settings[0].required: must be true or false",
                "\"header\": \"Acme-Version\"                | \"header\": \"Acme Version\" | settings[0]: A setting header must be a valid HTTP token"
            })
    void namesTheEntryAndTheFieldOfEveryProblem(String original, String replacement, String expected) {
        String entry = VALID_ENTRY.replace(original.strip(), replacement == null ? "" : replacement.strip());
        InvalidCatalogException e = catchInvalid(single(entry));
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p)
                .startsWith("integrations[0] (id \"")
                .contains("\"): " + expected));
    }

    @Test
    void aMissingAuthIsReported() {
        String entry = VALID_ENTRY.replaceFirst("\"auth\": \\{[^}]*},", "");
        assertProblem(single(entry), "integrations[0] (id \"acme\"): auth: required");
    }

    @Test
    void duplicateIdsAreRejectedNamingBothEntries() {
        assertProblem(
                "{ \"integrations\": [" + VALID_ENTRY + "," + VALID_ENTRY + "] }",
                "integrations[1] (id \"acme\"): id: duplicate of integrations[0]");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String second = VALID_ENTRY.replace("\"acme\"", "\"beta\"").replace("\"name\": \"Acme\",", "");
        String third = VALID_ENTRY.replace("\"acme\"", "\"gamma\"").replace("\"type\": \"header\"", "\"type\": \"x\"");
        InvalidCatalogException e =
                catchInvalid("{ \"integrations\": [" + VALID_ENTRY + "," + second + "," + third + "] }");
        assertThat(e.problems())
                .containsExactly(
                        "integrations[1] (id \"beta\"): name: required",
                        "integrations[2] (id \"gamma\"): auth.type: must be one of header, query, basic, path (was \"x\")");
        assertThat(e.getMessage())
                .contains("(2 problems)")
                .contains("name: required")
                .contains("auth.type");
    }

    @Test
    void malformedJsonNamesTheLineAndColumn() {
        InvalidCatalogException e = catchInvalid("{ \"integrations\": [\n  { \"id\": \"acme\", }\n] }");
        assertThat(e.getMessage()).contains("test.json").contains("line 2").contains("not valid JSON");
    }

    @Test
    void aKeyRepeatedInsideAnObjectIsAnError() {
        InvalidCatalogException e = catchInvalid("{ \"integrations\": [ { \"id\": \"a\", \"id\": \"b\" } ] }");
        assertThat(e.getMessage()).contains("Duplicate field 'id'");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''                                     | the file is empty",
                "[]                                     | the top level must be an object",
                "{}                                     | integrations: required",
                "{ \"integrations\": {} }               | integrations: required",
                "{ \"integrations\": [], \"x\": 1 }     | x: unknown field",
                "{ \"integrations\": [ 1 ] }            | integrations[0]: must be an object",
                "{ \"formatVersion\": 2, \"integrations\": [] } | formatVersion: this library reads format version 1, not 2"
            })
    void badDocumentShapesAreReported(String json, String expected) {
        assertProblem(json, expected);
    }

    @Test
    void readsAFileAndNamesItInErrors(@TempDir Path dir) throws IOException {
        Path good = Files.writeString(dir.resolve("good.json"), single(VALID_ENTRY));
        assertThat(IntegrationCatalogs.fromJson(good).all()).hasSize(1);

        Path bad = Files.writeString(dir.resolve("bad.json"), "{}");
        assertThatThrownBy(() -> IntegrationCatalogs.fromJson(bad))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining(bad.toString())
                .satisfies(
                        e -> assertThat(((InvalidCatalogException) e).source()).isEqualTo(bad.toString()));

        assertThatThrownBy(() -> IntegrationCatalogs.fromJson(dir.resolve("missing.json")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("missing.json");
    }

    @Test
    void theCallersStreamIsLeftOpen() {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new FilterInputStream(bytes(single(VALID_ENTRY))) {
            @Override
            public void close() throws IOException {
                closed.set(true);
                super.close();
            }
        };
        IntegrationCatalogs.fromJson(in);
        assertThat(closed).isFalse();
    }

    @Test
    void readsAProbeWithItsDefaultsAndItsOverrides() {
        String withProbe = VALID_ENTRY.replace("\"keyPattern\"", "\"probe\": { \"path\": \"/me\" }, \"keyPattern\"");
        Probe probe = read(single(withProbe))
                .all()
                .get(0)
                .credentials()
                .verificationProbe()
                .orElseThrow();
        assertThat(probe).isEqualTo(Probe.get("/me"));
        String custom = VALID_ENTRY.replace(
                "\"keyPattern\"",
                "\"probe\": { \"method\": \"post\", \"path\": \"/check?v={version}\", \"valid\": [200, 204],"
                        + " \"invalid\": [401] }, \"keyPattern\"");
        assertThat(read(single(custom)).all().get(0).credentials().verificationProbe())
                .contains(new Probe("POST", "/check?v={version}", Set.of(200, 204), Set.of(401)));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{ \"path\": \"/me\", \"verb\": \"GET\" }       | probe.verb: unknown field",
                "{ \"method\": \"GET\" }                          | probe.path: required",
                "{ \"path\": \"me\" }                             | probe: A probe's path starts with /",
                "{ \"path\": \"/a/../admin\" }                    | probe: A probe's path cannot climb out",
                "{ \"path\": \"/me\", \"method\": \"DELETE\" }  | probe: A probe's method is GET, HEAD or POST",
                "{ \"path\": \"/me\", \"valid\": [\"200\"] }     | probe.valid: must be an array of HTTP status numbers",
                "{ \"path\": \"/me\", \"invalid\": [200] }       | probe: A status cannot mean both valid and invalid",
                "{ \"path\": \"/{account}\" }                     | The probe's path names {account}, which is not a setting",
                "\"/me\"                                          | probe: must be an object",
            })
    void refusesABrokenProbe(String probe, String expected) {
        String entry = VALID_ENTRY.replace("\"keyPattern\"", "\"probe\": " + probe + ", \"keyPattern\"");
        assertProblem(single(entry), "integrations[0] (id \"acme\"): " + expected);
    }

    @Test
    void aProbeNeedsABaseUrl() {
        String entry = VALID_ENTRY
                .replace("\"baseUrl\": \"https://api.acme.test/v1\",", "")
                .replace("\"keyPattern\"", "\"probe\": { \"path\": \"/me\" }, \"keyPattern\"");
        assertProblem(single(entry), "integrations[0] (id \"acme\"): probe: needs the entry's baseUrl");
    }

    private static final String MINIMAL_OAUTH2 =
            """
            { "authorizationUrl": "https://acme.test/oauth/authorize", "tokenUrl": "https://acme.test/oauth/token",
              "scopes": [] }
            """;

    @Test
    void readsEveryOAuth2Field() {
        String oauth2 =
                """
                { "authorizationUrl": "https://acme.test/oauth/authorize?tenant=common",
                  "tokenUrl": "https://api.acme.test/oauth/token",
                  "revocationUrl": "https://api.acme.test/oauth/revoke",
                  "scopes": ["read:items", "offline_access"],
                  "scopeSeparator": ",",
                  "clientAuthentication": "client_secret_post",
                  "tokenPlacement": { "type": "header", "name": "X-Acme-Token", "prefix": "OAuth " },
                  "authorizationParameters": { "audience": "api.acme.test", "prompt": "consent" },
                  "grants": ["client_credentials", "authorization_code"],
                  "$comment": "https://acme.test/docs/oauth" }
                """;
        OAuth2Spec spec = oauth2Of(oauth2);
        assertThat(spec)
                .isEqualTo(new OAuth2Spec(
                        URI.create("https://acme.test/oauth/authorize?tenant=common"),
                        URI.create("https://api.acme.test/oauth/token"),
                        URI.create("https://api.acme.test/oauth/revoke"),
                        List.of("read:items", "offline_access"),
                        ",",
                        ClientAuthentication.CLIENT_SECRET_POST,
                        new KeyPlacement.Header("X-Acme-Token", "OAuth "),
                        Map.of("audience", "api.acme.test", "prompt", "consent"),
                        Set.of(GrantType.AUTHORIZATION_CODE, GrantType.CLIENT_CREDENTIALS)));
        assertThat(spec.scopeParameter()).contains("read:items,offline_access");
        assertThat(spec.authorizationParameters().keySet()).containsExactly("audience", "prompt");
    }

    @Test
    void oauth2DefaultsToTheAuthorizationCodeGrantWithBasicClientAuthenticationAndABearerToken() {
        // The key goes in x-api-key here; the token still defaults to a bearer token.
        String entry = VALID_ENTRY.replaceFirst(
                "\\{ \"type\": \"header\"[^}]*}", "{ \"type\": \"header\", \"name\": \"x-api-key\" }");
        OAuth2Spec spec = read(single(withOAuth2(entry, MINIMAL_OAUTH2)))
                .all()
                .get(0)
                .credentials()
                .oauth()
                .orElseThrow();
        assertThat(spec)
                .isEqualTo(OAuth2Spec.authorizationCode(
                        URI.create("https://acme.test/oauth/authorize"),
                        URI.create("https://acme.test/oauth/token"),
                        List.of()));
        assertThat(spec.scopeSeparator()).isEqualTo(" ");
        assertThat(spec.clientAuthentication()).isEqualTo(ClientAuthentication.CLIENT_SECRET_BASIC);
        assertThat(spec.tokenPlacement()).isEqualTo(KeyPlacement.bearer());
        assertThat(spec.revocation()).isEmpty();
        assertThat(spec.grants()).containsExactly(GrantType.AUTHORIZATION_CODE);
    }

    @Test
    void anEntryWithoutOAuth2OffersKeysOnly() {
        Integration acme = read(single(VALID_ENTRY)).all().get(0);
        assertThat(acme.credentials().oauth2()).isNull();
        assertThat(acme.credentials().oauth()).isEmpty();
        Integration explicitNull =
                read(single(withOAuth2(VALID_ENTRY, "null"))).all().get(0);
        assertThat(explicitNull.credentials().oauth()).isEmpty();
    }

    @Test
    void theClientCredentialsGrantNeedsNoAuthorizationUrl() {
        OAuth2Spec spec = oauth2Of("{ \"tokenUrl\": \"https://acme.test/oauth/token\", \"scopes\": [\"read\"],"
                + " \"grants\": [\"client_credentials\"] }");
        assertThat(spec.authorizationUrl()).isNull();
        assertThat(spec.offers(GrantType.CLIENT_CREDENTIALS)).isTrue();
        assertThat(spec.offers(GrantType.AUTHORIZATION_CODE)).isFalse();
    }

    @Test
    void aTokenPlacementTakesEveryShapeOfAuth() {
        assertThat(oauth2Of(MINIMAL_OAUTH2.replace(
                                "\"scopes\"",
                                "\"tokenPlacement\": { \"type\": \"query\", \"name\": \"access_token\" }, \"scopes\""))
                        .tokenPlacement())
                .isEqualTo(new KeyPlacement.QueryParameter("access_token"));
        assertThat(oauth2Of(
                                MINIMAL_OAUTH2.replace(
                                        "\"scopes\"",
                                        "\"tokenPlacement\": { \"type\": \"basic\", \"usernameSetting\": \"version\" }, \"scopes\""))
                        .tokenPlacement())
                .isEqualTo(new KeyPlacement.BasicAuth("version"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"[]\"                                                         | oauth2: must be an object",
                "{ \"tokenUrl\": \"https://a.test/t\", \"scopes\": [] }           | oauth2.authorizationUrl: required for the authorization_code grant",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"scopes\": [] }   | oauth2.tokenUrl: required",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenUrl\": \"http://a.test/t\", \"scopes\": [] } | oauth2.tokenUrl: must be an absolute https URL",
                "{ \"authorizationUrl\": \"ftp://a.test/a\", \"tokenUrl\": \"https://a.test/t\", \"scopes\": [] } | oauth2.authorizationUrl: must be an absolute https URL",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenUrl\": \"https://a.test/t\", \"revocationUrl\": \"https://a b\", \"scopes\": [] } | oauth2.revocationUrl: not a valid URL",
                "{ \"authorizationUrl\": \"https://a.test/a#x\", \"tokenUrl\": \"https://a.test/t\", \"scopes\": [] } | oauth2: authorizationUrl cannot carry user info or a fragment",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenUrl\": \"https://a.test/t\" } | oauth2.scopes: required",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenUrl\": \"https://a.test/t\", \"scopes\": \"read\" } | oauth2.scopes: must be an array",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenUrl\": \"https://a.test/t\", \"scopes\": [\"read write\"] } | oauth2.scopes[0]: \"read write\" is not one scope token",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenUrl\": \"https://a.test/t\", \"scopes\": [\"a\", 1] } | oauth2.scopes[1]: must be a string",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenUrl\": \"https://a.test/t\", \"scopes\": [\"a,b\"], \"scopeSeparator\": \",\" } | oauth2.scopes[0]: \"a,b\" contains the scope separator",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenUrl\": \"https://a.test/t\", \"scopes\": [\"a\", \"a\"] } | oauth2.scopes[1]: \"a\" is listed twice",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenUrl\": \"https://a.test/t\", \"scopes\": [], \"scopeSeparator\": \";\" } | oauth2.scopeSeparator: must be \" \" or \",\"",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenUrl\": \"https://a.test/t\", \"scopes\": [], \"clientAuthentication\": \"private_key_jwt\" } | oauth2.clientAuthentication: must be client_secret_basic or client_secret_post",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenUrl\": \"https://a.test/t\", \"scopes\": [], \"grants\": [] } | oauth2.grants: a non-empty array",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenUrl\": \"https://a.test/t\", \"scopes\": [], \"grants\": [\"implicit\"] } | oauth2.grants[0]: must be \"authorization_code\" or \"client_credentials\"",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenUrl\": \"https://a.test/t\", \"scopes\": [], \"grants\": [\"client_credentials\", \"client_credentials\"] } | oauth2.grants[1]: \"client_credentials\" is listed twice",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenUrl\": \"https://a.test/t\", \"scopes\": [], \"authorizationParameters\": { \"State\": \"x\" } } | oauth2.authorizationParameters.State: set by the authorization flow itself",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenUrl\": \"https://a.test/t\", \"scopes\": [], \"authorizationParameters\": { \"prompt\": true } } | oauth2.authorizationParameters.prompt: must be a string",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenUrl\": \"https://a.test/t\", \"scopes\": [], \"authorizationParameters\": [] } | oauth2.authorizationParameters: must be an object",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenUrl\": \"https://a.test/t\", \"scopes\": [], \"tokenPlacement\": { \"type\": \"cookie\" } } | oauth2.tokenPlacement.type: must be one of header, query, basic, path",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenUrl\": \"https://a.test/t\", \"scopes\": [], \"tokenPlacement\": { \"type\": \"header\" } } | oauth2.tokenPlacement.name: required",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenUrl\": \"https://a.test/t\", \"scopes\": [], \"tokenPlacement\": { \"type\": \"header\", \"name\": \"Bad Header\" } } | oauth2.tokenPlacement: A header name must be a valid HTTP token",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenUrl\": \"https://a.test/t\", \"scopes\": [], \"tokenPlacement\": { \"type\": \"query\", \"name\": \"t\", \"prefix\": \"x\" } } | oauth2.tokenPlacement.prefix: unknown field",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenUrl\": \"https://a.test/t\", \"scopes\": [], \"tokenPlacement\": { \"type\": \"basic\", \"usernameSetting\": \"user\" } } | oauth2.tokenPlacement.usernameSetting: \"user\" is not one of this entry",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenUrl\": \"https://a.test/t\", \"scopes\": [], \"tokenPlacement\": \"bearer\" } | oauth2.tokenPlacement: must be an object",
                "{ \"authorizationUrl\": \"https://a.test/a\", \"tokenURL\": \"https://a.test/t\", \"scopes\": [] } | oauth2.tokenURL: unknown field",
            })
    void namesTheEntryAndTheOAuth2FieldOfEveryProblem(String oauth2, String expected) {
        assertProblem(single(withOAuth2(VALID_ENTRY, oauth2)), "integrations[0] (id \"acme\"): " + expected);
    }

    @Test
    void everyOAuth2ProblemIsReportedAtOnceAndTheEntryIsDropped() {
        String oauth2 = "{ \"tokenUrl\": \"http://a.test/t\", \"scopes\": [\"a b\"], \"grants\": [\"implicit\"],"
                + " \"clientAuthentication\": \"none\" }";
        InvalidCatalogException e = catchInvalid(single(withOAuth2(VALID_ENTRY, oauth2)));
        assertThat(e.problems())
                .containsExactly(
                        "integrations[0] (id \"acme\"): oauth2.grants[0]: must be \"authorization_code\" or"
                                + " \"client_credentials\" (was \"implicit\")",
                        "integrations[0] (id \"acme\"): oauth2.tokenUrl: must be an absolute https URL (was"
                                + " \"http://a.test/t\")",
                        "integrations[0] (id \"acme\"): oauth2.scopes[0]: \"a b\" is not one scope token (printable"
                                + " ASCII, no space, quote or backslash)",
                        "integrations[0] (id \"acme\"): oauth2.clientAuthentication: must be client_secret_basic or"
                                + " client_secret_post (was \"none\")");
    }

    private static String withOAuth2(String entry, String oauth2) {
        return entry.replace("\"keyPattern\"", "\"oauth2\": " + oauth2 + ", \"keyPattern\"");
    }

    private static OAuth2Spec oauth2Of(String oauth2) {
        return read(single(withOAuth2(VALID_ENTRY, oauth2)))
                .all()
                .get(0)
                .credentials()
                .oauth()
                .orElseThrow();
    }

    private static String single(String entry) {
        return "{ \"integrations\": [" + entry + "] }";
    }

    private static IntegrationCatalog read(String json) {
        return IntegrationCatalogs.fromJson(bytes(json), "test.json");
    }

    private static InvalidCatalogException catchInvalid(String json) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> read(json));
        assertThat(thrown).isInstanceOf(InvalidCatalogException.class);
        return (InvalidCatalogException) thrown;
    }

    private static void assertProblem(String json, String expectedStart) {
        InvalidCatalogException e = catchInvalid(json);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(expectedStart));
        assertThat(e.getMessage())
                .startsWith("Invalid integration catalog test.json")
                .contains(expectedStart);
    }

    private static InputStream bytes(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
