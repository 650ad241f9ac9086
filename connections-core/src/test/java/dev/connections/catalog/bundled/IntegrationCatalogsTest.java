package dev.connections.catalog.bundled;

import static dev.connections.catalog.Fixtures.app;
import static dev.connections.catalog.Fixtures.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.catalog.Fixtures;
import dev.connections.catalog.Integration;
import dev.connections.catalog.IntegrationSearch;
import dev.connections.catalog.InvalidCatalogException;
import dev.connections.id.IntegrationId;
import dev.connections.spi.IntegrationCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IntegrationCatalogsTest {

    @Test
    void ofHoldsExactlyTheGivenIntegrationsSorted() {
        IntegrationCatalog catalog =
                IntegrationCatalogs.of(app("zeta", "Zeta"), app("alpha", "alpha"), app("beta", "Beta"));
        assertThat(ids(catalog.all())).containsExactly("alpha", "beta", "zeta");
        assertThat(catalog.find(IntegrationId.of("beta")))
                .map(Integration::displayName)
                .contains("Beta");
        assertThat(catalog.find(IntegrationId.of("gamma"))).isEmpty();
        assertThatThrownBy(() -> catalog.all().add(app("x", "X"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void ofRejectsDuplicateAndReservedIds() {
        assertThatThrownBy(() -> IntegrationCatalogs.of(app("acme", "Acme"), app("acme", "Acme Two")))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("id \"acme\": appears more than once");
        assertThatThrownBy(() -> IntegrationCatalogs.of(app("custom-acme", "Acme")))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("reserved for workspaces' custom apps");
    }

    @Test
    void aLongListOfProblemsIsShortenedInTheMessageButKeptWhole() {
        List<Integration> apps = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            apps.add(app("custom-app-" + i, "App " + i));
        }
        assertThatThrownBy(() -> IntegrationCatalogs.of(apps))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("(30 problems)")
                .hasMessageContaining("… and 5 more")
                .satisfies(e ->
                        assertThat(((InvalidCatalogException) e).problems()).hasSize(30));
    }

    @Test
    void blankAliasesAreRejected() {
        assertThatThrownBy(() -> app("acme", "Acme", List.of("Test"), List.of(" ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aliases");
    }

    @Test
    void compositeLetsTheFirstCatalogWinOnADuplicateId() {
        IntegrationCatalog host = IntegrationCatalogs.of(app("slack", "Slack (our proxy)"), app("acme", "Acme"));
        IntegrationCatalog composite = IntegrationCatalogs.composite(host, IntegrationCatalogs.bundled());

        assertThat(composite.find(IntegrationId.of("slack")))
                .map(Integration::displayName)
                .contains("Slack (our proxy)");
        assertThat(composite.find(IntegrationId.of("openai")))
                .isEqualTo(IntegrationCatalogs.bundled().find(IntegrationId.of("openai")));
        assertThat(composite.all()).hasSize(IntegrationCatalogs.bundled().all().size() + 1);
        assertThat(composite.all())
                .filteredOn(i -> i.id().value().equals("slack"))
                .singleElement()
                .extracting(Integration::displayName)
                .isEqualTo("Slack (our proxy)");
        assertThat(composite.all()).isSortedAccordingTo(IntegrationSearch.BY_DISPLAY_NAME);
        assertThat(Fixtures.names(composite.search("slack"))).containsExactly("Slack (our proxy)");
        assertThat(ids(composite.search("acme"))).containsExactly("acme");
    }

    @Test
    void compositeOfNothingIsEmpty() {
        IntegrationCatalog empty = IntegrationCatalogs.composite();
        assertThat(empty.all()).isEmpty();
        assertThat(empty.search("")).isEmpty();
        assertThat(empty.find(IntegrationId.of("slack"))).isEmpty();
    }

    @Test
    void compositeFollowsAPartWhoseContentsChange() {
        ChangingCatalog changing = new ChangingCatalog();
        IntegrationCatalog composite =
                IntegrationCatalogs.composite(changing, IntegrationCatalogs.of(app("beta", "Beta")));
        assertThat(ids(composite.search(""))).containsExactly("beta");

        changing.put(app("alpha", "Alpha"));
        assertThat(ids(composite.all())).containsExactly("alpha", "beta");
        assertThat(ids(composite.search("alp"))).containsExactly("alpha");
        assertThat(composite.find(IntegrationId.of("alpha"))).isPresent();
    }

    @Test
    void compositeIndexesAnUnchangedPartOnlyOnce() {
        ChangingCatalog changing = new ChangingCatalog();
        changing.put(app("alpha", "Alpha"));
        IntegrationCatalog composite = IntegrationCatalogs.composite(changing);
        List<Integration> first = composite.all();
        composite.search("a");
        assertThat(composite.all()).isSameAs(first);
        changing.put(app("beta", "Beta"));
        assertThat(composite.all()).isNotSameAs(first).hasSize(2);
    }

    @Test
    void compositeAsksPartsForOneIdWithoutListingThem() {
        ChangingCatalog changing = new ChangingCatalog();
        changing.put(app("alpha", "Alpha"));
        IntegrationCatalog composite = IntegrationCatalogs.composite(changing);
        composite.find(IntegrationId.of("alpha"));
        assertThat(changing.allCalls).hasValue(0);
    }

    @Test
    void filteredHidesWhatThePredicateRejects() {
        IntegrationCatalog withoutZapier = IntegrationCatalogs.filtered(
                IntegrationCatalogs.bundled(), i -> !i.id().value().equals("zapier"));
        assertThat(withoutZapier.find(IntegrationId.of("zapier"))).isEmpty();
        assertThat(withoutZapier.find(IntegrationId.of("slack"))).isPresent();
        assertThat(withoutZapier.search("zapier")).isEmpty();
        assertThat(withoutZapier.all())
                .hasSize(IntegrationCatalogs.bundled().all().size() - 1);
    }

    @Test
    void theSpiDefaultSearchRanksLikeTheLibrary() {
        IntegrationCatalog plain = new ChangingCatalog();
        ((ChangingCatalog) plain).put(app("gitlab", "GitLab"));
        ((ChangingCatalog) plain).put(app("git", "Git"));
        ((ChangingCatalog) plain).put(app("legit", "Legit"));
        assertThat(ids(plain.search("git"))).containsExactly("git", "gitlab", "legit");
    }

    /** A host catalog whose contents change, returning a new list after each change. */
    private static final class ChangingCatalog implements IntegrationCatalog {
        private volatile List<Integration> integrations = List.of();
        final AtomicInteger allCalls = new AtomicInteger();

        synchronized void put(Integration integration) {
            List<Integration> next = new ArrayList<>(integrations);
            next.add(integration);
            next.sort(IntegrationSearch.BY_DISPLAY_NAME);
            integrations = List.copyOf(next);
        }

        @Override
        public Optional<Integration> find(IntegrationId id) {
            return integrations.stream().filter(i -> i.id().equals(id)).findFirst();
        }

        @Override
        public List<Integration> all() {
            allCalls.incrementAndGet();
            return integrations;
        }
    }
}
