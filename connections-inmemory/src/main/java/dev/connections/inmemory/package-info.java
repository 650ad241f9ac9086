/**
 * Thread-safe in-memory adapters: {@link dev.connections.inmemory.InMemoryConnectionRepository} and {@link
 * dev.connections.inmemory.InMemorySecretStore}, for tests, demos and single-process hosts that keep nothing
 * across restarts.
 */
@NullMarked
package dev.connections.inmemory;

import org.jspecify.annotations.NullMarked;
