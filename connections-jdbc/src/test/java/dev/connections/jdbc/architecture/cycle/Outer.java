package dev.connections.jdbc.architecture.cycle;

/** Half of a cycle that {@code ArchitectureTest} must see: a nested class of this one uses {@link Other}. */
public final class Outer {
    private Outer() {}

    static int one() {
        return 1;
    }

    /** Uses {@link Other}, which uses {@link Outer}. */
    public static final class Nested {
        private Nested() {}

        static int size() {
            return Other.size();
        }
    }
}
