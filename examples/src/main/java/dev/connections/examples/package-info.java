/**
 * Runnable host code: {@link dev.connections.examples.QuickStart}, the README's quick start, and in
 * {@code web} the reference Connections page.
 */
@NullMarked
package dev.connections.examples;

import org.jspecify.annotations.NullMarked;
