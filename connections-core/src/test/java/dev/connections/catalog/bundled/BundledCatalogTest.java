package dev.connections.catalog.bundled;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.catalog.Fixtures;
import dev.connections.catalog.Integration;
import dev.connections.catalog.Probe;
import dev.connections.catalog.SettingSpec;
import dev.connections.id.IntegrationId;
import dev.connections.spi.IntegrationCatalog;
import java.util.List;
import java.util.regex.Pattern;
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

    private SettingSpec setting(String id, String name) {
        return bundled.find(IntegrationId.of(id))
                .orElseThrow()
                .credentials()
                .setting(name)
                .orElseThrow();
    }
}
