/** Connections and their lifecycle values: ids, edits, custom-app specs, connected-app summaries, the default policy and resolution. */
@NullMarked
package dev.connections.connection;

import org.jspecify.annotations.NullMarked;
