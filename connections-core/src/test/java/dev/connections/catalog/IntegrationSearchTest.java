package dev.connections.catalog;

import static dev.connections.catalog.Fixtures.app;
import static dev.connections.catalog.Fixtures.ids;
import static dev.connections.catalog.Fixtures.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.catalog.IntegrationSearch.Hit;
import dev.connections.catalog.IntegrationSearch.MatchKind;
import dev.connections.catalog.bundled.IntegrationCatalogs;
import dev.connections.spi.IntegrationCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IntegrationSearchTest {
    private final IntegrationCatalog bundled = IntegrationCatalogs.bundled();

    @Test
    void slaFindsSlackFirst() {
        assertThat(names(bundled.search("sla")).get(0)).isEqualTo("Slack");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hub spot", "hubspot", "HubSpot", "Hub-Spot", "HUBSPOT", "hub_spot", " h.u.b s.p.o.t "})
    void everySpellingOfHubSpotFindsItExactly(String query) {
        IntegrationSearch index = IntegrationSearch.over(bundled.all());
        Hit first = index.hits(query).get(0);
        assertThat(first.integration().id().value()).isEqualTo("hubspot");
        assertThat(first.kind()).isEqualTo(MatchKind.EXACT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t", "!!", "-", "·"})
    void aQueryWithoutLettersOrDigitsListsTheWholeCatalogByDisplayName(String query) {
        List<Integration> all = bundled.search(query);
        assertThat(all).hasSizeGreaterThanOrEqualTo(45).isEqualTo(bundled.all());
        assertThat(all).isSortedAccordingTo(IntegrationSearch.BY_DISPLAY_NAME);
        assertThat(names(all)).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
    }

    @Test
    void ranksExactThenPrefixThenWordPrefixThenSubstringThenWordsThenAliasThenCategory() {
        List<Integration> apps = List.of(
                app("legit", "Legit"),
                app("zed", "Zed", List.of("GitOps"), List.of()),
                app("octo", "Octo", List.of("Test"), List.of("Git tools")),
                app("gitlab", "GitLab"),
                app("git", "Git"),
                app("awesome-git", "Awesome Git"),
                app("github", "GitHub"),
                app("codegit", "CodeGit"),
                app("unrelated", "Unrelated"));
        List<Hit> hits = IntegrationSearch.over(apps).hits("git");
        assertThat(hits)
                .extracting(h -> h.integration().displayName(), Hit::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Git", MatchKind.EXACT),
                        org.assertj.core.groups.Tuple.tuple("GitHub", MatchKind.PREFIX),
                        org.assertj.core.groups.Tuple.tuple("GitLab", MatchKind.PREFIX),
                        org.assertj.core.groups.Tuple.tuple("Awesome Git", MatchKind.WORD_PREFIX),
                        org.assertj.core.groups.Tuple.tuple("CodeGit", MatchKind.WORD_PREFIX),
                        org.assertj.core.groups.Tuple.tuple("Legit", MatchKind.SUBSTRING),
                        org.assertj.core.groups.Tuple.tuple("Octo", MatchKind.ALIAS),
                        org.assertj.core.groups.Tuple.tuple("Zed", MatchKind.CATEGORY));
    }

    @Test
    void wordsInAnotherOrderMatchAfterSubstrings() {
        List<Hit> hits = IntegrationSearch.over(bundled.all()).hits("gemini google");
        assertThat(hits.get(0).integration().id().value()).isEqualTo("google-gemini");
        assertThat(hits.get(0).kind()).isEqualTo(MatchKind.ALL_WORDS);
    }

    @Test
    void camelCaseHumpsAreWords() {
        assertThat(IntegrationSearch.match(app("hubspot", "HubSpot"), "spot")).contains(MatchKind.WORD_PREFIX);
        assertThat(IntegrationSearch.match(app("github", "GitHub"), "hub")).contains(MatchKind.WORD_PREFIX);
        assertThat(IntegrationSearch.match(app("hubspot", "HubSpot"), "ubs")).contains(MatchKind.SUBSTRING);
    }

    @ParameterizedTest
    @CsvSource({
        "chatgpt, openai",
        "claude, anthropic",
        "sendinblue, brevo",
        "grok, xai",
        "stable diffusion, stability-ai",
        "openweathermap, openweather"
    })
    void aliasesFindTheirApp(String query, String id) {
        assertThat(ids(bundled.search(query))).contains(id);
    }

    @Test
    void idsMatchAtAliasRank() {
        Integration app = app("acme-crm", "Zeta");
        assertThat(IntegrationSearch.match(app, "acme")).contains(MatchKind.ALIAS);
        assertThat(IntegrationSearch.match(app, "crm")).contains(MatchKind.ALIAS);
    }

    @ParameterizedTest
    @CsvSource({
        "Zoë Café, zoe cafe",
        "Ünïcode, UNICODE",
        "Straße, strasse",
        "Ørsted, orsted",
        "Łódź, lodz",
        "Ｆｕｌｌ Ｗｉｄｔｈ, full width",
        "Crème brûlée, CREME-BRULEE"
    })
    void accentsCaseAndCompatibilityFormsAreIgnored(String name, String query) {
        assertThat(IntegrationSearch.match(app("x", name), query)).contains(MatchKind.EXACT);
    }

    @Test
    void theQueryMayCarryAccentsTheNameDoesNotHave() {
        assertThat(IntegrationSearch.match(app("x", "Resend"), "Résènd")).contains(MatchKind.EXACT);
    }

    @Test
    void nothingMatchesNonsense() {
        assertThat(bundled.search("qqzzxxj")).isEmpty();
    }

    @Test
    void normaliseGivesLowerCaseWordsSeparatedBySingleSpaces() {
        assertThat(IntegrationSearch.normalize("Hub-Spot  Ünïcode")).isEqualTo("hub spot unicode");
        assertThat(IntegrationSearch.normalize("HubSpot")).isEqualTo("hub spot");
        assertThat(IntegrationSearch.normalize("monday.com")).isEqualTo("monday com");
        assertThat(IntegrationSearch.normalize("  !! ")).isEmpty();
    }

    @Test
    void rankAgreesWithAnIndexAndSeesChangesToAMutableList() {
        List<Integration> mutable = new ArrayList<>(List.of(app("slack", "Slack")));
        assertThat(ids(IntegrationSearch.rank(mutable, "sla"))).containsExactly("slack");
        mutable.add(app("slab", "Slab"));
        assertThat(ids(IntegrationSearch.rank(mutable, "sla"))).containsExactly("slab", "slack");

        List<Integration> fixed = bundled.all();
        assertThat(IntegrationSearch.rank(fixed, "git"))
                .isEqualTo(IntegrationSearch.over(fixed).search("git"));
        assertThat(IntegrationSearch.rank(fixed, "git")).isEqualTo(IntegrationSearch.rank(fixed, "git"));
    }

    @Test
    void nullQueryIsRejected() {
        IntegrationSearch index = IntegrationSearch.over(List.of());
        assertThatThrownBy(() -> index.search(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void tenThousandIntegrationsAreSearchedCorrectly() {
        List<Integration> many = IntStream.range(0, 10_000)
                .mapToObj(i -> app("app-" + i, "App Number " + i + (i % 100 == 0 ? " Special" : "")))
                .toList();
        IntegrationSearch index = IntegrationSearch.over(many);
        assertThat(index.search("special")).hasSize(100).allMatch(i -> i.displayName()
                .endsWith("Special"));
        assertThat(index.hits("app number 42"))
                .first()
                .satisfies(h -> assertThat(h.integration().displayName()).isEqualTo("App Number 42"))
                .satisfies(h -> assertThat(h.kind()).isEqualTo(MatchKind.EXACT));
        // "App Number 42" exactly, then by prefix 420..429 and 4200..4299.
        assertThat(index.hits("app number 42")).hasSize(1 + 10 + 100);
        assertThat(index.search("")).hasSize(10_000);
    }
}
