package dev.connections.event;

import dev.connections.connection.NameRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every change to the SLF4J logger {@value #LOGGER_NAME} at INFO, one line per event, with
 * ids and names only, ending in {@code by=<actor id>} (who made it, {@code system} when nobody in
 * particular did); always registered by the facade.
 *
 * <p>Names are written through {@link NameRules#forLog}: a name stored before the name rules may hold
 * bidi controls, zero-width or line-breaking characters, and a quote would let a name forge the fields
 * after it; all of them appear as escapes.
 */
public final class AuditLog implements ConnectionListener {
    /** Route this logger to your audit appender. */
    public static final String LOGGER_NAME = "connections.audit";

    private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER_NAME);

    @Override
    public void onEvent(ConnectionEvent event) {
        if (!AUDIT.isInfoEnabled()) {
            return;
        }
        // Java 17 has no pattern switch; the chain is exhaustive over the sealed interface.
        if (event instanceof ConnectionEvent.Created e) {
            AUDIT.info(
                    "connection.created workspace={} integration={} connection={} name=\"{}\" default={} by={}",
                    e.workspace(),
                    e.integration(),
                    e.connectionId(),
                    NameRules.forLog(e.name()),
                    e.isDefault(),
                    e.actor().id());
        } else if (event instanceof ConnectionEvent.Renamed e) {
            AUDIT.info(
                    "connection.renamed workspace={} integration={} connection={} from=\"{}\" to=\"{}\" by={}",
                    e.workspace(),
                    e.integration(),
                    e.connectionId(),
                    NameRules.forLog(e.oldName()),
                    NameRules.forLog(e.newName()),
                    e.actor().id());
        } else if (event instanceof ConnectionEvent.KeyReplaced e) {
            AUDIT.info(
                    "connection.key_replaced workspace={} integration={} connection={} name=\"{}\" by={}",
                    e.workspace(),
                    e.integration(),
                    e.connectionId(),
                    NameRules.forLog(e.name()),
                    e.actor().id());
        } else if (event instanceof ConnectionEvent.DefaultChanged e) {
            AUDIT.info(
                    "connection.default_changed workspace={} integration={} connection={} previous={} by={}",
                    e.workspace(),
                    e.integration(),
                    e.connectionId(),
                    e.previousDefault(),
                    e.actor().id());
        } else if (event instanceof ConnectionEvent.DefaultPromoted e) {
            AUDIT.info(
                    "connection.default_promoted workspace={} integration={} connection={} deleted={} by={}",
                    e.workspace(),
                    e.integration(),
                    e.connectionId(),
                    e.deletedDefault(),
                    e.actor().id());
        } else if (event instanceof ConnectionEvent.Deleted e) {
            AUDIT.info(
                    "connection.deleted workspace={} integration={} connection={} name=\"{}\" wasDefault={} by={}",
                    e.workspace(),
                    e.integration(),
                    e.connectionId(),
                    NameRules.forLog(e.name()),
                    e.wasDefault(),
                    e.actor().id());
        } else if (event instanceof ConnectionEvent.ReconnectNeeded e) {
            // WARN: a trigger of this app fails until someone reconnects it.
            AUDIT.warn(
                    "connection.reconnect_needed workspace={} integration={} connection={} name=\"{}\" reason={}"
                            + " by={}",
                    e.workspace(),
                    e.integration(),
                    e.connectionId(),
                    NameRules.forLog(e.name()),
                    NameRules.forLog(e.reason()),
                    e.actor().id());
        } else if (event instanceof ConnectionEvent.Reconnected e) {
            AUDIT.info(
                    "connection.reconnected workspace={} integration={} connection={} name=\"{}\" by={}",
                    e.workspace(),
                    e.integration(),
                    e.connectionId(),
                    NameRules.forLog(e.name()),
                    e.actor().id());
        }
    }
}
