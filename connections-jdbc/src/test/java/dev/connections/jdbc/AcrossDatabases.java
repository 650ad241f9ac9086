package dev.connections.jdbc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs a test class once per database of {@link TestDatabase#databases()}, named after it ("on POSTGRESQL"); the
 * class takes the database in a field {@code @Parameter(0) TestDatabase database} and implements {@link
 * OnDatabase}. A database whose URL variable is missing skips its tests with how to enable it, and fails them
 * when {@code CI=true}. Adding a database to {@link TestDatabase} adds it to every such class.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ParameterizedClass(name = "on {0}")
@MethodSource("dev.connections.jdbc.TestDatabase#databases")
@ExtendWith(AcrossDatabases.Availability.class)
public @interface AcrossDatabases {

    /**
     * The same, and also once per driver setting that changes how the adapter talks to a database ({@link
     * TestDatabase#all()}: MariaDB with several statements per round trip).
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @ParameterizedClass(name = "on {0}")
    @MethodSource("dev.connections.jdbc.TestDatabase#all")
    @ExtendWith(AcrossDatabases.Availability.class)
    @interface AndDrivers {}

    /**
     * Once per database server of the matrix ({@link TestDatabase#servers()}): for faults that need a server and a
     * network hop, which H2, embedded, has not.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @ParameterizedClass(name = "on {0}")
    @MethodSource("dev.connections.jdbc.TestDatabase#servers")
    @ExtendWith(AcrossDatabases.Availability.class)
    @interface Servers {}

    /** The same with the driver settings of {@link AndDrivers} ({@link TestDatabase#serversAndDrivers()}). */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @ParameterizedClass(name = "on {0}")
    @MethodSource("dev.connections.jdbc.TestDatabase#serversAndDrivers")
    @ExtendWith(AcrossDatabases.Availability.class)
    @interface ServersAndDrivers {}

    /** A test class of the matrix: the database of the current run. */
    interface OnDatabase {
        TestDatabase database();
    }

    /**
     * Decides per test, on the test's own instance (the run's database is injected by then), so skips are counted
     * and no set-up or tear-down runs for a skipped test.
     */
    final class Availability implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (context.getTestMethod().isEmpty() || context.getTestInstance().isEmpty()) {
                // A class, or a parameterised test's template: decided for each of its tests.
                return ConditionEvaluationResult.enabled("decided per test");
            }
            Object instance = context.getRequiredTestInstance();
            if (!(instance instanceof OnDatabase test)) {
                throw new IllegalStateException(instance.getClass().getName() + " must implement "
                        + OnDatabase.class.getName() + " to run across databases");
            }
            String reason = test.database().unavailableReason();
            if (reason == null) {
                return ConditionEvaluationResult.enabled("database configured");
            }
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but " + reason);
            }
            return ConditionEvaluationResult.disabled(reason);
        }
    }
}
