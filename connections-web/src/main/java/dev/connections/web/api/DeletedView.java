package dev.connections.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * What deleting a connection did.
 *
 * @param deleted the deleted connection's id
 * @param newDefault the connection that became its app's default because the deleted one was, or null when
 *     the default did not change (or the app has no connection left)
 * @param revocation for an OAuth connection, what happened at the provider: REVOKED, NOT_SUPPORTED (the app
 *     has no revocation endpoint) or FAILED (deleted here all the same); NOT_OAUTH for an API key
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DeletedView(String deleted, @Nullable ConnectionView newDefault, String revocation) {}
