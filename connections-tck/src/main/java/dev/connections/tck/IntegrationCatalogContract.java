package dev.connections.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.connections.catalog.Integration;
import dev.connections.catalog.IntegrationSearch;
import dev.connections.catalog.IntegrationSearch.MatchKind;
import dev.connections.id.IntegrationId;
import dev.connections.spi.IntegrationCatalog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link IntegrationCatalog} implementation passes: extend it and implement {@link
 * #createCatalog()}.
 *
 * <pre>{@code
 * class MyCatalogContractTest extends IntegrationCatalogContract {
 *     protected IntegrationCatalog createCatalog() { return new MyCatalog(...); }
 * }
 * }</pre>
 *
 * <p>It checks what the SPI promises: {@code all()} sorted by display name, unique ids, none reserved
 * for custom apps, not modifiable through the returned list; {@code find} agreeing with {@code all()};
 * {@code search} returning only catalog entries, everything for a blank query, each integration at the
 * top for its own name, insensitive to case, accents and punctuation, ranked exactly like {@link
 * IntegrationSearch}; and safe concurrent use. Give it a catalog with a few dozen entries: the checks
 * run over every entry, so an empty catalog passes vacuously.
 */
public abstract class IntegrationCatalogContract {
    private static final int SAMPLE_QUERIES = 200;

    /** The catalog under test; called before every test. */
    protected abstract IntegrationCatalog createCatalog();

    private IntegrationCatalog catalog;

    @BeforeEach
    void createCatalogUnderTest() {
        catalog = createCatalog();
        assertThat(catalog).as("createCatalog()").isNotNull();
    }

    /** The catalog made for the current test. */
    protected final IntegrationCatalog catalog() {
        return catalog;
    }

    @Test
    void allIsSortedByDisplayNameIgnoringCase() {
        List<String> names =
                catalog.all().stream().map(Integration::displayName).toList();
        assertThat(names).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
    }

    @Test
    void idsAreUniqueAndNoneIsReservedForCustomApps() {
        List<IntegrationId> ids = catalog.all().stream().map(Integration::id).toList();
        assertThat(ids).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id.isCustom())
                .as("%s starts with %s", id, IntegrationId.CUSTOM_PREFIX)
                .isFalse());
    }

    @Test
    void theListReturnedByAllCannotChangeTheCatalog() {
        List<Integration> before = List.copyOf(catalog.all());
        List<Integration> returned = catalog.all();
        try {
            returned.clear();
        } catch (UnsupportedOperationException expected) {
            // The usual answer: an unmodifiable list.
        }
        assertThat(catalog.all()).isEqualTo(before);
    }

    @Test
    void findReturnsEveryListedIntegration() {
        for (Integration integration : catalog.all()) {
            assertThat(catalog.find(integration.id()))
                    .as("find(%s)", integration.id())
                    .contains(integration);
        }
    }

    @Test
    void findOfAnUnknownOrCustomIdIsEmpty() {
        assertThat(catalog.find(IntegrationId.of("tck-no-such-integration-4f2c9a")))
                .isEmpty();
        assertThat(catalog.find(IntegrationId.of("custom-tck-app-4f2c9a"))).isEmpty();
    }

    @Test
    void aQueryWithoutLettersOrDigitsListsEverything() {
        List<Integration> all = catalog.all();
        for (String blank : List.of("", " ", "\t ", "!!", " - ")) {
            assertThat(catalog.search(blank)).as("search(\"%s\")", blank).isEqualTo(all);
        }
    }

    @Test
    void everyIntegrationIsAtTheTopForItsOwnName() {
        for (Integration integration : catalog.all()) {
            List<Integration> results = catalog.search(integration.displayName());
            assertThat(results).as("search(\"%s\")", integration.displayName()).contains(integration);
            // Only integrations with the same name, ignoring case and punctuation, may come before it.
            for (Integration before : results.subList(0, results.indexOf(integration))) {
                assertThat(IntegrationSearch.match(before, integration.displayName()))
                        .as("%s ranked above %s", before.displayName(), integration.displayName())
                        .contains(MatchKind.EXACT);
            }
        }
    }

    @Test
    void searchIgnoresCaseAccentsAndPunctuation() {
        for (Integration integration : catalog.all()) {
            String name = integration.displayName();
            List<Integration> plain = catalog.search(name.toLowerCase(Locale.ROOT));
            assertThat(catalog.search(name.toUpperCase(Locale.ROOT)))
                    .as("upper case of %s", name)
                    .isEqualTo(plain);
            assertThat(catalog.search(" " + name.toLowerCase(Locale.ROOT).replace(' ', '-') + "!"))
                    .as("punctuated %s", name)
                    .isEqualTo(plain);
            String accented = name.toLowerCase(Locale.ROOT).replaceAll("([aeiou])", "$1\u0301");
            assertThat(catalog.search(accented)).as("accented %s", name).isEqualTo(plain);
        }
    }

    @Test
    void searchReturnsCatalogEntriesOnceEach() {
        for (String query : sampleQueries()) {
            List<Integration> results = catalog.search(query);
            assertThat(results).as("search(\"%s\")", query).doesNotHaveDuplicates();
            for (Integration result : results) {
                assertThat(catalog.find(result.id()))
                        .as("search(\"%s\") returned %s", query, result.id())
                        .contains(result);
            }
        }
    }

    @Test
    void searchRanksLikeTheLibrary() {
        List<Integration> all = catalog.all();
        for (String query : sampleQueries()) {
            assertThat(catalog.search(query)).as("search(\"%s\")", query).isEqualTo(IntegrationSearch.rank(all, query));
        }
    }

    @Test
    void aQueryMatchingNothingFindsNothing() {
        assertThat(catalog.search("qzqzqzqzqzqz tck 4f2c9a")).isEmpty();
    }

    @Test
    void concurrentSearchesGiveTheSameAnswers() throws Exception {
        List<String> queries = sampleQueries();
        List<List<Integration>> expected = queries.stream().map(catalog::search).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                tasks.add(() -> {
                    for (int i = 0; i < queries.size(); i++) {
                        int q = (i + offset * 7) % queries.size();
                        if (!catalog.search(queries.get(q)).equals(expected.get(q))) {
                            return false;
                        }
                        catalog.find(IntegrationId.of("tck-no-such-integration-4f2c9a"));
                    }
                    return true;
                });
            }
            for (Future<Boolean> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void nothingFailsForOddQueries() {
        for (String query : List.of("é", "\u0301", "😀 slack", "a".repeat(500), "%", "\\", "'; drop table x;--")) {
            assertThatCode(() -> catalog.search(query))
                    .as("search(\"%s\")", query)
                    .doesNotThrowAnyException();
        }
    }

    /** Prefixes, middles and word starts of the catalog's names and ids, plus a few fixed queries. */
    private List<String> sampleQueries() {
        Set<String> queries = new LinkedHashSet<>(List.of("a", "ai", "e", "hub", "git", "pay", "mail", "sla"));
        Set<String> seen = new HashSet<>();
        for (Integration integration : catalog.all()) {
            String name = integration.displayName();
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            queries.add(name.substring(0, Math.min(2, name.length())));
            queries.add(name.substring(0, Math.min(4, name.length())));
            queries.add(name.substring(name.length() / 2));
            queries.add(integration.id().value());
            if (queries.size() >= SAMPLE_QUERIES) {
                break;
            }
        }
        return List.copyOf(queries);
    }
}
