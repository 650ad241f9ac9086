/** Change events, their listeners and the audit log. */
@NullMarked
package dev.connections.event;

import org.jspecify.annotations.NullMarked;
