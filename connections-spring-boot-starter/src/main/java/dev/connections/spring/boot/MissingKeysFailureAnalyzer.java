package dev.connections.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@link MissingKeysException} into Spring Boot's "APPLICATION FAILED TO START" description and action. */
class MissingKeysFailureAnalyzer extends AbstractFailureAnalyzer<MissingKeysException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingKeysException cause) {
        return new FailureAnalysis(MissingKeysException.PROBLEM, MissingKeysException.ACTION, cause);
    }
}
