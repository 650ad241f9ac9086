package dev.connections.jdbc.architecture.cycle;

/** The other half of the cycle: uses {@link Outer}. */
public final class Other {
    private Other() {}

    static int size() {
        return Outer.one();
    }
}
