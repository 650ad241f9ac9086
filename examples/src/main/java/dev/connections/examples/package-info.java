/**
 * Runnable host code: {@link dev.connections.examples.QuickStart}, the README's quick start, and in
 * {@code host} a Spring Boot host serving the Connections page of connections-web.
 */
@NullMarked
package dev.connections.examples;

import org.jspecify.annotations.NullMarked;
