package dev.connections.tck.fault;

import java.util.Objects;

/**
 * One place an operation can be hit, as a {@link FaultInjector} reports it after counting one run of the
 * operation: a description for failure messages and the action that arms a one-shot fault there.
 *
 * @param description what goes wrong, e.g. "statement #3 loses the connection"
 * @param arming arms the fault, once, for the next run
 */
public record FaultPoint(String description, Runnable arming) {
    public FaultPoint {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(arming, "arming");
    }

    /** Arms this one-shot fault. */
    public void arm() {
        arming.run();
    }

    @Override
    public String toString() {
        return description;
    }
}
