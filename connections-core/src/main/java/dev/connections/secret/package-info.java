/** API keys in memory (Secret) and in their encrypted, stored form. */
@NullMarked
package dev.connections.secret;

import org.jspecify.annotations.NullMarked;
