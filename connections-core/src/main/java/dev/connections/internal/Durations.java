package dev.connections.internal;

import java.time.Duration;
import java.util.Objects;

/** The checks every builder applies to a duration setting, worded the same wherever they fail. */
public final class Durations {
    private Durations() {}

    /**
     * {@code value}, when it is longer than zero.
     *
     * @throws IllegalArgumentException naming the setting when it is zero or negative
     */
    public static Duration positive(Duration value, String setting) {
        Objects.requireNonNull(value, setting);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(setting + " must be positive, was " + value);
        }
        return value;
    }

    /**
     * {@code value}, when it is zero or longer.
     *
     * @throws IllegalArgumentException naming the setting when it is negative
     */
    public static Duration nonNegative(Duration value, String setting) {
        Objects.requireNonNull(value, setting);
        if (value.isNegative()) {
            throw new IllegalArgumentException(setting + " cannot be negative, was " + value);
        }
        return value;
    }
}
