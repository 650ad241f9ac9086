/** The apps a workspace can connect to: integrations, how they authenticate, the bundled catalog and its search. */
@NullMarked
package dev.connections.catalog;

import org.jspecify.annotations.NullMarked;
