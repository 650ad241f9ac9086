package dev.connections.jdbc;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The storage a TCK contract runs on, for the JDBC contract-test bases: a migrated adapter on fresh tables
 * made when the contract asks for its repository, its secret store on the same DataSource, and the tables
 * dropped afterwards.
 */
final class FreshTables {
    private final Supplier<TestDatabase> database;
    private @Nullable JdbcConnections jdbc;

    /** {@code database} is asked when the tables are made, so a subclass's choice may back it. */
    FreshTables(Supplier<TestDatabase> database) {
        this.database = database;
    }

    ConnectionRepository repository() {
        jdbc = database.get().fresh();
        return jdbc.repository();
    }

    SecretStore secretStore() {
        return Objects.requireNonNull(jdbc, "the repository first").secretStore();
    }

    /** Drops the tables, if any were made (a skipped test makes none). */
    void drop() {
        if (jdbc != null) {
            database.get().drop(jdbc);
            jdbc = null;
        }
    }
}
