/** The Spring MVC binding of the Connections page and API, switched on by {@code connections.web.enabled}. */
@NullMarked
package dev.connections.web.spring;

import org.jspecify.annotations.NullMarked;
