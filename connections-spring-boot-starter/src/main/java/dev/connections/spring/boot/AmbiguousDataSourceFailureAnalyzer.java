package dev.connections.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@link AmbiguousDataSourceException} into a startup failure naming the candidate DataSource beans. */
class AmbiguousDataSourceFailureAnalyzer extends AbstractFailureAnalyzer<AmbiguousDataSourceException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AmbiguousDataSourceException cause) {
        return new FailureAnalysis(
                AmbiguousDataSourceException.problem(cause.candidates()), AmbiguousDataSourceException.ACTION, cause);
    }
}
