package dev.connections.catalog.bundled;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.connections.catalog.ClientAuthentication;
import dev.connections.catalog.Fixtures;
import dev.connections.catalog.GrantType;
import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.OAuth2Spec;
import dev.connections.catalog.Probe;
import dev.connections.catalog.SettingSpec;
import dev.connections.id.IntegrationId;
import dev.connections.spi.IntegrationCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BundledCatalogTest {
    private final IntegrationCatalog bundled = IntegrationCatalogs.bundled();

    @Test
    void atLeastThirtyAppsCanHaveTheirKeyChecked() {
        List<Integration> checkable = bundled.all().stream()
                .filter(app -> app.credentials().verificationProbe().isPresent())
                .toList();
        assertThat(checkable).hasSizeGreaterThanOrEqualTo(30);
        // A probe is sent to the base URL, so an app with one must have one.
        assertThat(checkable).allSatisfy(app -> assertThat(app.baseUrlIfKnown()).isPresent());
        assertThat(bundled.find(IntegrationId.of("openai"))
                        .orElseThrow()
                        .credentials()
                        .verificationProbe())
                .contains(Probe.get("/models"));
        assertThat(bundled.find(IntegrationId.of("twilio"))
                        .orElseThrow()
                        .credentials()
                        .verificationProbe())
                .map(Probe::placeholders)
                .contains(List.of("accountSid"));
    }

    @Test
    void isLoadedOnceAndShared() {
        assertThat(IntegrationCatalogs.bundled()).isSameAs(bundled);
        assertThat(bundled.all()).isSameAs(IntegrationCatalogs.bundled().all());
    }

    @Test
    void holdsAtLeastFortyFiveIntegrationsSortedByName() {
        assertThat(bundled.all()).hasSizeGreaterThanOrEqualTo(45);
        assertThat(Fixtures.names(bundled.all())).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "openai",
                "anthropic",
                "slack",
                "github",
                "gitlab",
                "stripe",
                "hubspot",
                "salesforce",
                "notion",
                "airtable",
                "linear",
                "jira",
                "asana",
                "trello",
                "twilio",
                "sendgrid",
                "mailchimp",
                "zendesk",
                "intercom",
                "shopify",
                "mistral",
                "cohere",
                "google-gemini",
                "hugging-face",
                "pinecone",
                "datadog",
                "pagerduty",
                "sentry",
                "segment",
                "mixpanel",
                "amplitude",
                "postmark",
                "resend",
                "brevo",
                "clickup",
                "monday",
                "zapier",
                "discord",
                "telegram",
                "calendly",
                "typeform",
                "deepl",
                "elevenlabs",
                "perplexity",
                "groq",
                "replicate",
                "cloudflare",
                "vercel",
                "supabase",
                "algolia"
            })
    void containsTheWellKnownApps(String id) {
        Integration app = bundled.find(IntegrationId.of(id)).orElseThrow();
        assertThat(app.description()).isNotBlank();
        assertThat(app.categories()).isNotEmpty();
        assertThat(app.credentials().docsUrl()).isNotNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "openai     | Authorization: Bearer <key>",
                "anthropic  | x-api-key: <key>",
                "stripe     | Authorization: Bearer <key>",
                "sendgrid   | Authorization: Bearer <key>",
                "slack      | Authorization: Bearer <key>",
                "github     | Authorization: Bearer <key>",
                "gitlab     | PRIVATE-TOKEN: <key>",
                "pinecone   | Api-Key: <key>",
                "linear     | Authorization: <key>",
                "discord    | Authorization: Bot <key>",
                "deepl      | Authorization: DeepL-Auth-Key <key>",
                "pagerduty  | Authorization: Token token=<key>",
                "elevenlabs | xi-api-key: <key>",
                "datadog    | DD-API-KEY: <key>",
                "google-gemini | x-goog-api-key: <key>",
                "brevo      | api-key: <key>",
                "twilio     | Basic auth (accountSid : <key>)",
                "mailchimp  | Basic auth (username : <key>)",
                "jira       | Basic auth (email : <key>)",
                "segment    | Basic auth (key as username)",
                "pipedrive  | ?api_token=<key>",
                "trello     | ?token=<key>",
                "telegram   | /bot<key>/…"
            })
    void sendsTheKeyWhereTheVendorDocumentsIt(String id, String placement) {
        assertThat(bundled.find(IntegrationId.of(id))
                        .orElseThrow()
                        .credentials()
                        .placement()
                        .describe())
                .isEqualTo(placement);
    }

    @Test
    void versionHeadersAreNonSecretSettingsWithDefaults() {
        SettingSpec notion = setting("notion", "notionVersion");
        assertThat(notion.header()).isEqualTo("Notion-Version");
        assertThat(notion.required()).isTrue();
        assertThat(notion.defaultValue()).isEqualTo("2022-06-28");
        assertThat(setting("anthropic", "anthropicVersion").header()).isEqualTo("anthropic-version");
        assertThat(setting("twilio", "accountSid").required()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "anthropic, sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123, sk-abcdefghijklmnopqrstuvwxyz0123",
        "openai, sk-proj-abcdefghijklmnopqrstuvwxyz, pk-proj-abcdefghijklmnopqrstuvwxyz",
        "stripe, sk_test_abcdefghijklmnop, pk_test_abcdefghijklmnop",
        "github, ghp_abcdefghijklmnopqrstuvwxyz0123456789, gh_abcdefghijklmnopqrstuvwxyz0123456789",
        "github, github_pat_abcdefghijklmnopqrstuvwxyz, github_abcdefghijklmnopqrstuvwxyz",
        "slack, xoxb-1234-5678-abcdef, xoxz-1234-5678-abcdef",
        "sendgrid, SG.abcdefgh.ijklmnopqrstuv, SGabcdefghijklmnopqrstuv",
        "telegram, 123456789:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789, 123456789ABCdefGHIjklMNOpqrSTUvwxYZ0123456789",
        "mailchimp, 0123456789abcdef0123456789abcdef-us6, 0123456789abcdef0123456789abcdef"
    })
    void keyPatternsAcceptTheDocumentedShapeAndRejectOthers(String id, String good, String bad) {
        Pattern format = bundled.find(IntegrationId.of(id))
                .orElseThrow()
                .credentials()
                .keyFormat()
                .orElseThrow();
        assertThat(format.matcher(good).matches()).isTrue();
        assertThat(format.matcher(bad).matches()).isFalse();
    }

    @Test
    void everyEntryIsCompleteAndUsesHttps() {
        for (Integration app : bundled.all()) {
            assertThat(app.isCustom()).isFalse();
            assertThat(app.website()).as(app.id().value()).isNotNull();
            assertThat(app.website().getScheme()).isEqualTo("https");
            assertThat(app.credentials().docsUrl()).as(app.id().value()).isNotNull();
            if (app.baseUrl() != null) {
                assertThat(app.baseUrl().getScheme()).isEqualTo("https");
            }
            if (app.credentials().keyPattern() != null) {
                assertThat(app.credentials().keyFormatHint())
                        .as(app.id().value())
                        .isNotBlank();
            }
            if (app.baseUrl() == null) {
                // Per-tenant hosts: the form must ask for it, so there is a required setting.
                assertThat(app.credentials().settings()).as(app.id().value()).anyMatch(SettingSpec::required);
            }
        }
    }

    @Test
    void theResourceIsValidJsonReadableByHosts() {
        try (var in = IntegrationCatalogs.class.getResourceAsStream(IntegrationCatalogs.BUNDLED_RESOURCE)) {
            assertThat(IntegrationCatalogs.fromJson(in).all()).isEqualTo(bundled.all());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void atLeastTwelveAppsOfferOAuth2WithHttpsEndpointsAndAGrant() {
        List<Integration> oauthApps = bundled.all().stream()
                .filter(app -> app.credentials().oauth().isPresent())
                .toList();
        assertThat(oauthApps).hasSizeGreaterThanOrEqualTo(12);
        for (Integration app : oauthApps) {
            OAuth2Spec spec = app.credentials().oauth2();
            String id = app.id().value();
            assertThat(spec.grants()).as(id).isNotEmpty();
            Stream.of(spec.authorizationUrl(), spec.tokenUrl(), spec.revocationUrl())
                    .filter(java.util.Objects::nonNull)
                    .forEach(url ->
                            assertThat(url.getScheme()).as(id + " " + url).isEqualTo("https"));
            if (spec.offers(GrantType.AUTHORIZATION_CODE)) {
                assertThat(spec.authorizationUrl()).as(id).isNotNull();
            }
        }
    }

    @Test
    void appsWithoutAnOAuth2ObjectHaveNoOAuth2Spec() {
        Map<String, JsonNode> raw = rawEntries();
        assertThat(raw).hasSameSizeAs(bundled.all());
        long keyOnly = 0;
        for (Integration app : bundled.all()) {
            boolean declared = raw.get(app.id().value()).has("oauth2");
            assertThat(app.credentials().oauth().isPresent())
                    .as(app.id().value())
                    .isEqualTo(declared);
            if (!declared) {
                assertThat(app.credentials().oauth2()).isNull();
                keyOnly++;
            }
        }
        assertThat(keyOnly).as("apps that offer API keys only").isPositive();
    }

    @Test
    void everyOAuth2DeclarationNamesTheProviderDocumentationItCameFrom() {
        rawEntries().forEach((id, entry) -> {
            if (entry.has("oauth2")) {
                assertThat(entry.get("oauth2").path("$comment").asText()).as(id).startsWith("https://");
            }
        });
    }

    @Test
    void oauth2FollowsTheProvidersDocumentedQuirks() {
        assertThat(oauth("slack").scopeParameter()).contains("channels:read,users:read");
        assertThat(oauth("slack").revocation()).isEmpty();
        assertThat(oauth("github").clientAuthentication()).isEqualTo(ClientAuthentication.CLIENT_SECRET_POST);
        assertThat(oauth("hubspot").clientAuthentication()).isEqualTo(ClientAuthentication.CLIENT_SECRET_POST);
        assertThat(oauth("notion").clientAuthentication()).isEqualTo(ClientAuthentication.CLIENT_SECRET_BASIC);
        assertThat(oauth("notion").authorizationParameters()).containsEntry("owner", "user");
        for (String atlassian : List.of("jira", "confluence")) {
            OAuth2Spec spec = oauth(atlassian);
            assertThat(spec.authorizationUrl()).isEqualTo(URI.create("https://auth.atlassian.com/authorize"));
            assertThat(spec.authorizationParameters())
                    .containsEntry("audience", "api.atlassian.com")
                    .containsEntry("prompt", "consent");
            // Without offline_access Atlassian issues no refresh token.
            assertThat(spec.scopes()).contains("offline_access");
        }
        assertThat(oauth("gitlab").revocation()).contains(URI.create("https://gitlab.com/oauth/revoke"));
        assertThat(oauth("linear").offers(GrantType.CLIENT_CREDENTIALS)).isTrue();
        assertThat(oauth("discord").revocation()).contains(URI.create("https://discord.com/api/oauth2/token/revoke"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "gitlab    | PRIVATE-TOKEN: <key>",
                "linear    | Authorization: <key>",
                "discord   | Authorization: Bot <key>",
                "figma     | X-Figma-Token: <key>",
                "pipedrive | ?api_token=<key>",
                "jira      | Basic auth (email : <key>)"
            })
    void oauthTokensGoAsBearerTokensWhereTheKeyGoesElsewhere(String id, String keyPlacement) {
        Integration app = bundled.find(IntegrationId.of(id)).orElseThrow();
        assertThat(app.credentials().placement().describe()).isEqualTo(keyPlacement);
        assertThat(app.credentials().oauth2().tokenPlacement()).isEqualTo(KeyPlacement.bearer());
    }

    private OAuth2Spec oauth(String id) {
        return bundled.find(IntegrationId.of(id))
                .orElseThrow()
                .credentials()
                .oauth()
                .orElseThrow();
    }

    private static Map<String, JsonNode> rawEntries() {
        try (InputStream in = IntegrationCatalogs.class.getResourceAsStream(IntegrationCatalogs.BUNDLED_RESOURCE)) {
            Map<String, JsonNode> entries = new HashMap<>();
            new ObjectMapper()
                    .readTree(in)
                    .get("integrations")
                    .forEach(entry -> entries.put(entry.get("id").asText(), entry));
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SettingSpec setting(String id, String name) {
        return bundled.find(IntegrationId.of(id))
                .orElseThrow()
                .credentials()
                .setting(name)
                .orElseThrow();
    }
}
