/** The resolution cache in front of the trigger path and the change feeds that keep it fresh. */
@NullMarked
package dev.connections.cache;

import org.jspecify.annotations.NullMarked;
