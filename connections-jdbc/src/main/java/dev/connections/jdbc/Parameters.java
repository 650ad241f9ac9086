package dev.connections.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A statement's parameters as one write numbers them, from 1, whatever its place in the prepared statement: when
 * several writes travel in one statement ({@link PendingWrites}), each binds through its own offset.
 */
final class Parameters {
    private final PreparedStatement ps;
    private final int offset;

    Parameters(PreparedStatement ps) {
        this(ps, 0);
    }

    /** The parameters after the first {@code offset} of {@code ps}. */
    Parameters(PreparedStatement ps, int offset) {
        this.ps = ps;
        this.offset = offset;
    }

    void setString(int index, String value) throws SQLException {
        ps.setString(offset + index, value);
    }

    void setInt(int index, int value) throws SQLException {
        ps.setInt(offset + index, value);
    }

    void setLong(int index, long value) throws SQLException {
        ps.setLong(offset + index, value);
    }

    void setBoolean(int index, boolean value) throws SQLException {
        ps.setBoolean(offset + index, value);
    }

    void setBytes(int index, byte[] value) throws SQLException {
        ps.setBytes(offset + index, value);
    }

    /** A value the driver converts itself, such as a timestamp from {@link Timestamps#bindable}. */
    void setObject(int index, Object value) throws SQLException {
        ps.setObject(offset + index, value);
    }

    /** SQL NULL of the {@link java.sql.Types} type {@code sqlType}. */
    void setNull(int index, int sqlType) throws SQLException {
        ps.setNull(offset + index, sqlType);
    }
}
