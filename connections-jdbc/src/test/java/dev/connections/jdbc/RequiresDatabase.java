package dev.connections.jdbc;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Marks a test class that needs a real database server: each of its tests is reported as skipped, with how
 * to enable it, when the database's URL variable is missing, and fails instead when {@code CI=true}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(RequiresDatabase.Condition.class)
@AddLifecycleHook(value = RequiresDatabase.JqwikCondition.class, propagateTo = PropagationMode.DIRECT_DESCENDANTS)
@interface RequiresDatabase {
    TestDatabase value();

    /**
     * The same decision for jqwik properties (the JUnit extension above does not reach them): skipped per
     * property with how to enable it; under {@code CI=true} not skipped, so the first try fails on the
     * missing database.
     */
    final class JqwikCondition implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            Optional<RequiresDatabase> required = context.optionalContainerClass()
                    .flatMap(type -> AnnotationSupport.findAnnotation(type, RequiresDatabase.class));
            if (required.isEmpty() || "true".equalsIgnoreCase(System.getenv("CI"))) {
                return SkipResult.doNotSkip();
            }
            String reason = required.get().value().unavailableReason();
            return reason == null ? SkipResult.doNotSkip() : SkipResult.skip(reason);
        }
    }

    /** Decides per test, so skips are counted and no set-up or tear-down runs for a skipped test. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (context.getTestMethod().isEmpty()) {
                return ConditionEvaluationResult.enabled("decided per test");
            }
            Optional<RequiresDatabase> required =
                    AnnotationSupport.findAnnotation(context.getRequiredTestClass(), RequiresDatabase.class);
            if (required.isEmpty()) {
                return ConditionEvaluationResult.enabled("no database required");
            }
            String reason = required.get().value().unavailableReason();
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
