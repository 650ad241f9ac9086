package dev.connections.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.catalog.IntegrationSearch.Hit;
import dev.connections.catalog.IntegrationSearch.MatchKind;
import dev.connections.catalog.bundled.IntegrationCatalogs;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class IntegrationSearchPropertiesTest {
    private static final List<Integration> BUNDLED =
            IntegrationCatalogs.bundled().all();
    private static final IntegrationSearch BUNDLED_INDEX = IntegrationSearch.over(BUNDLED);
    private static final String PUNCTUATION = " -_.,:;!?'\"/()&+·\t";
    private static final String COMBINING_MARKS = "\u0301\u0300\u0308\u0302\u0303\u030A\u0327";

    @Property(tries = 300)
    void everyBundledIntegrationIsFoundByItsOwnNameAtRankExact(@ForAll("bundled") Integration integration) {
        List<Hit> hits = BUNDLED_INDEX.hits(integration.displayName());
        assertThat(hits).contains(new Hit(integration, MatchKind.EXACT));
        assertThat(hits.get(0).kind()).isEqualTo(MatchKind.EXACT);
    }

    @Property
    void anyCaseAccentOrPunctuationVariantOfABundledNameFindsItExactly(
            @ForAll("bundled") Integration integration, @ForAll long seed) {
        String variant = disguise(integration.displayName(), new Random(seed));
        assertThat(BUNDLED_INDEX.hits(variant))
                .as("variant %s of %s", variant, integration.displayName())
                .contains(new Hit(integration, MatchKind.EXACT));
    }

    @Property
    void anyVariantOfAnyNameMatchesExactly(@ForAll("names") String name, @ForAll long seed) {
        Integration app = Fixtures.app("app", name);
        String variant = disguise(name, new Random(seed));
        assertThat(IntegrationSearch.match(app, variant))
                .as("variant %s", variant)
                .contains(MatchKind.EXACT);
    }

    @Property
    void nameRanksAgreeWithPlainStringOperationsOnTheNormalisedForms(
            @ForAll("names") String name, @ForAll("queries") String query) {
        String compactName = compact(name);
        String compactQuery = compact(query);
        Optional<MatchKind> kind = IntegrationSearch.match(Fixtures.app("zz-unrelated-id", name), query);
        if (compactQuery.isEmpty()) {
            assertThat(kind).contains(MatchKind.EVERYTHING);
        } else if (compactName.equals(compactQuery)) {
            assertThat(kind).contains(MatchKind.EXACT);
        } else if (compactName.startsWith(compactQuery)) {
            assertThat(kind).contains(MatchKind.PREFIX);
        } else if (compactName.contains(compactQuery)) {
            assertThat(kind).get().isIn(MatchKind.WORD_PREFIX, MatchKind.SUBSTRING);
        } else {
            assertThat(kind)
                    .isNotIn(
                            Optional.of(MatchKind.EXACT),
                            Optional.of(MatchKind.PREFIX),
                            Optional.of(MatchKind.WORD_PREFIX),
                            Optional.of(MatchKind.SUBSTRING));
        }
    }

    @Property
    void resultsAreOrderedByRankThenDisplayNameAndAreExactlyTheMatches(
            @ForAll("catalogs") List<Integration> integrations, @ForAll("queries") String query) {
        List<Hit> hits = IntegrationSearch.over(integrations).hits(query);

        for (int i = 1; i < hits.size(); i++) {
            Hit before = hits.get(i - 1);
            Hit after = hits.get(i);
            assertThat(before.kind()).isLessThanOrEqualTo(after.kind());
            if (before.kind() == after.kind()) {
                assertThat(IntegrationSearch.BY_DISPLAY_NAME.compare(before.integration(), after.integration()))
                        .isLessThanOrEqualTo(0);
            }
        }
        List<Hit> expected = new ArrayList<>();
        for (Integration integration : integrations) {
            IntegrationSearch.match(integration, query).ifPresent(kind -> expected.add(new Hit(integration, kind)));
        }
        assertThat(hits).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(IntegrationSearch.over(integrations).search(query))
                .containsExactlyElementsOf(hits.stream().map(Hit::integration).toList());
    }

    @Property
    void resultsDoNotDependOnTheCaseOrAccentsOfTheQuery(
            @ForAll("catalogs") List<Integration> integrations, @ForAll("queries") String query) {
        IntegrationSearch index = IntegrationSearch.over(integrations);
        List<Hit> lower = index.hits(query.toLowerCase(java.util.Locale.ROOT));
        assertThat(index.hits(query.toUpperCase(java.util.Locale.ROOT))).isEqualTo(lower);
        String accented = Normalizer.normalize(query, Normalizer.Form.NFD).replaceAll("([a-zA-Z])", "$1\u0301");
        assertThat(index.hits(accented.toLowerCase(java.util.Locale.ROOT))).isEqualTo(lower);
    }

    @Property
    void aNameFragmentAlwaysFindsItsIntegration(
            @ForAll("bundled") Integration integration,
            @ForAll("fractions") double start,
            @ForAll("fractions") double end) {
        String name = integration.displayName();
        int from = (int) (start * name.length());
        int to = Math.max(from, (int) (end * name.length()));
        String fragment = name.substring(from, to);
        assertThat(BUNDLED_INDEX.search(fragment)).contains(integration);
    }

    @Provide
    Arbitrary<Integration> bundled() {
        return Arbitraries.of(BUNDLED);
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 1);
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> word = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8),
                Arbitraries.strings()
                        .withChars("abcdeéèüöñçøßABCDEÉ0123")
                        .ofMinLength(1)
                        .ofMaxLength(6),
                Arbitraries.of("Hub", "Spot", "Git", "Lab", "AI", "Open", "Cloud", "Data", "Dog"));
        return word.list().ofMinSize(1).ofMaxSize(4).map(words -> String.join(" ", words));
    }

    @Provide
    Arbitrary<String> queries() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcdegilopstu -ÉéØ").ofMaxLength(6),
                Arbitraries.of(
                        "hub",
                        "git",
                        "spot",
                        "ai",
                        "a",
                        "open ai",
                        "lab",
                        "data dog",
                        "",
                        "  ",
                        "ß",
                        "ss",
                        "ø",
                        "é a"));
    }

    @Provide
    Arbitrary<List<Integration>> catalogs() {
        Arbitrary<List<String>> categories = Arbitraries.of("AI", "Git tools", "Data", "Spot market")
                .list()
                .ofMinSize(1)
                .ofMaxSize(2);
        Arbitrary<List<String>> aliases =
                Arbitraries.of("Hubba", "Labs", "Opening", "Tools").list().ofMaxSize(2);
        return Combinators.combine(names(), categories, aliases)
                .as((name, cats, als) -> new Object[] {name, cats, als})
                .list()
                .ofMaxSize(25)
                .map(rows -> {
                    List<Integration> integrations = new ArrayList<>();
                    Set<String> seen = new HashSet<>();
                    for (int i = 0; i < rows.size(); i++) {
                        Object[] row = rows.get(i);
                        @SuppressWarnings("unchecked")
                        Integration app =
                                Fixtures.app("app-" + i, (String) row[0], (List<String>) row[1], (List<String>) row[2]);
                        if (seen.add(app.id().value())) {
                            integrations.add(app);
                        }
                    }
                    return integrations;
                });
    }

    /** The name with random case, accents on letters, punctuation between characters, odd Unicode forms. */
    static String disguise(String name, Random random) {
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(cp -> {
            if (random.nextInt(4) == 0) {
                out.append(PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())));
            }
            if (!Character.isLetterOrDigit(cp)) {
                // Punctuation and spaces of the name may be dropped or replaced.
                if (random.nextBoolean()) {
                    out.append(PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())));
                }
                return;
            }
            String c = new String(Character.toChars(cp));
            out.append(
                    random.nextBoolean() ? c.toUpperCase(java.util.Locale.ROOT) : c.toLowerCase(java.util.Locale.ROOT));
            if (Character.isLetter(cp) && random.nextInt(3) == 0) {
                out.append(COMBINING_MARKS.charAt(random.nextInt(COMBINING_MARKS.length())));
            }
        });
        String variant = out.toString();
        return random.nextBoolean() ? Normalizer.normalize(variant, Normalizer.Form.NFC) : variant;
    }

    private static String compact(String text) {
        return IntegrationSearch.normalize(text).replace(" ", "");
    }
}
