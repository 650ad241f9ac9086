/**
 * The Connections HTTP API without a web framework: {@link dev.connections.web.api.ConnectionsApi} takes a
 * {@link dev.connections.web.Caller} and the request's inputs, checks the caller's allowed actions and calls
 * the facade as the caller's actor; the records here are the JSON bodies it reads and writes. A binding (the
 * Spring MVC one in {@code dev.connections.web.spring}) maps paths, headers and statuses onto it.
 */
@NullMarked
package dev.connections.web.api;

import org.jspecify.annotations.NullMarked;
