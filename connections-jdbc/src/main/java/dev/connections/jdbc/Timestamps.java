package dev.connections.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/** How a database's timestamp columns take and give back an instant. */
enum Timestamps {
    /** TIMESTAMP WITH TIME ZONE (PostgreSQL, H2). */
    WITH_TIME_ZONE {
        @Override
        Object bindable(Instant instant) {
            return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
        }

        @Override
        Instant read(ResultSet rs, String column) throws SQLException {
            OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
            if (value == null) {
                Timestamp ts = rs.getTimestamp(column);
                return ts.toInstant();
            }
            return value.toInstant();
        }
    },

    /** DATETIME without a zone (MariaDB, MySQL): UTC wall-clock time, whatever the session's time zone is. */
    UTC_DATETIME {
        @Override
        Object bindable(Instant instant) {
            return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        }

        @Override
        Instant read(ResultSet rs, String column) throws SQLException {
            return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
        }
    };

    /** The value to bind with {@link Parameters#setObject} for {@code instant}. */
    abstract Object bindable(Instant instant);

    /** The instant in a non-null {@code column} of the current row. */
    abstract Instant read(ResultSet rs, String column) throws SQLException;

    /** The instant in {@code column} of the current row, null when the column is. */
    @Nullable
    Instant readNullable(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column) == null ? null : read(rs, column);
    }
}
