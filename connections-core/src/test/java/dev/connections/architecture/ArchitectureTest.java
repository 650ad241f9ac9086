package dev.connections.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The structure of connections-core, checked on its bytecode so it cannot decay silently: packages form
 * layers, each depending only on layers below it, and core knows no JDBC and no adapter.
 */
class ArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.connections");

    /** Bottom to top; a package may use its own layer's packages only through the rules below. */
    private static final List<List<String>> LAYERS = List.of(
            List.of("dev.connections.id", "dev.connections.internal"),
            List.of("dev.connections.error"),
            List.of("dev.connections.catalog", "dev.connections.secret"),
            List.of("dev.connections.connection", "dev.connections.crypto"),
            // The verifier's values sit beside the SPI: the status store speaks of verifications; the OAuth
            // protocol and client SPIs sit there too, since the repository keeps authorization states.
            List.of("dev.connections.spi", "dev.connections.verify", "dev.connections.oauth"),
            List.of(
                    "dev.connections.spi.support",
                    "dev.connections.catalog.bundled",
                    "dev.connections.keys",
                    "dev.connections.cache",
                    "dev.connections.event"),
            List.of("dev.connections"));

    @Test
    @DisplayName("no two packages of core depend on each other, directly or through others")
    void packagesAreFreeOfCycles() {
        slices().matching("dev.connections.(**)").should().beFreeOfCycles().check(CORE);
    }

    @Test
    @DisplayName(
            "no two classes of core depend on each other, directly or through others (nested classes count as their outer class)")
    void classesAreFreeOfCycles() {
        slices().assignedFrom(TOP_LEVEL_CLASSES).should().beFreeOfCycles().check(CORE);
    }

    /** One slice per top-level class, holding its nested classes, so that a cycle names the files to untangle. */
    static final SliceAssignment TOP_LEVEL_CLASSES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getName();
            int nested = name.indexOf('$');
            return SliceIdentifier.of(nested < 0 ? name : name.substring(0, nested));
        }

        @Override
        public String getDescription() {
            return "top-level classes";
        }
    };

    @Test
    @DisplayName("each layer uses only the layers below it: ids, errors, values, crypto, SPI, its parts, the facade")
    void layersPointDown() {
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            List<String> above = new ArrayList<>();
            LAYERS.subList(i + 1, LAYERS.size()).forEach(above::addAll);
            noClasses()
                    .that()
                    .resideInAnyPackage(LAYERS.get(i).toArray(String[]::new))
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(above.toArray(String[]::new))
                    .because("layer " + LAYERS.get(i) + " sits below " + above)
                    .check(CORE);
        }
    }

    @Test
    @DisplayName("core knows no JDBC and no adapter")
    void coreKnowsNoJdbcAndNoAdapter() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "java.sql..",
                        "javax.sql..",
                        "dev.connections.jdbc..",
                        "dev.connections.inmemory..",
                        "dev.connections.tck..")
                .check(CORE);
    }

    @Test
    @DisplayName("the layer list names every package of core")
    void everyPackageHasALayer() {
        List<String> listed = LAYERS.stream().flatMap(List::stream).toList();
        List<String> packages = CORE.stream()
                .map(c -> c.getPackageName())
                .distinct()
                .filter(p -> !listed.contains(p))
                .toList();
        assertThat(packages).as("packages missing from ArchitectureTest.LAYERS").isEmpty();
        assertThat(Arrays.asList(listed.toArray())).doesNotHaveDuplicates();
    }
}
