package dev.connections.jdbc.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The structure of connections-jdbc, checked on its bytecode so it cannot decay silently: no two classes depend on
 * each other, directly or through others, counting a nested class as part of the class it is nested in.
 */
class ArchitectureTest {
    private static final JavaClasses JDBC = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.connections.jdbc");

    /** Every class of {@code root} and below is a slice of its own; a nested class belongs to its top-level class. */
    static SliceAssignment topLevelClassesOf(String root) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                if (!javaClass.getPackageName().startsWith(root)) {
                    return SliceIdentifier.ignore();
                }
                String name = javaClass.getName();
                int nested = name.indexOf('$');
                return SliceIdentifier.of(nested < 0 ? name : name.substring(0, nested));
            }

            @Override
            public String getDescription() {
                return "top-level classes of " + root;
            }
        };
    }

    static ArchRule classesAreFreeOfCycles(String root) {
        return slices().assignedFrom(topLevelClassesOf(root)).should().beFreeOfCycles();
    }

    @Test
    @DisplayName("no two classes of connections-jdbc depend on each other, directly or through others")
    void classesAreFreeOfCycles() {
        classesAreFreeOfCycles("dev.connections.jdbc").check(JDBC);
    }

    @Test
    @DisplayName("the rule sees a cycle that runs through a nested class")
    void ruleSeesACycle() {
        JavaClasses fixture = new ClassFileImporter().importPackages("dev.connections.jdbc.architecture.cycle");
        assertThatThrownBy(() -> classesAreFreeOfCycles("dev.connections.jdbc.architecture.cycle")
                        .check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle");
    }
}
