/**
 * JMH benchmarks of the library next to bare baselines measured in the same run; {@link
 * dev.connections.benchmarks.BenchmarkReport} runs them and prints the comparison table.
 */
@NullMarked
package dev.connections.benchmarks;

import org.jspecify.annotations.NullMarked;
