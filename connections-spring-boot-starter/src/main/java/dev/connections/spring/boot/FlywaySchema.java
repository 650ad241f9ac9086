package dev.connections.spring.boot;

import dev.connections.jdbc.JdbcConnections;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.util.ClassUtils;

/**
 * {@code connections.jdbc.initialize-schema=flyway}: the library's scripts applied by Flyway with a history table of
 * their own, beside (never inside) the host's migrations; kept apart so nothing loads Flyway unless asked to.
 */
final class FlywaySchema {
    static final String HISTORY_TABLE_SUFFIX = "flyway_history";

    private FlywaySchema() {}

    /** Applies what is missing; returns how many scripts Flyway ran. */
    static int migrate(DataSource dataSource, JdbcConnections jdbc) {
        if (!ClassUtils.isPresent("org.flywaydb.core.Flyway", FlywaySchema.class.getClassLoader())) {
            throw new IllegalStateException("connections.jdbc.initialize-schema=flyway needs Flyway on the classpath:"
                    + " add spring-boot-starter-flyway (or org.flywaydb:flyway-core and the flyway-database-*"
                    + " module of your database), or use always");
        }
        return Loaded.migrate(dataSource, jdbc);
    }

    /** Loaded only once Flyway is known to be present. */
    private static final class Loaded {
        static int migrate(DataSource dataSource, JdbcConnections jdbc) {
            String prefix = jdbc.tables().prefix();
            // Baseline at the version already there: 0 on a schema without the tables (V1 runs), the library's
            // version when its own migrate() created them earlier (Flyway takes them over). The host's tables
            // make the schema non-empty, hence baselineOnMigrate.
            return Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:" + jdbc.dialect().scriptLocation())
                    .placeholders(Map.of("prefix", prefix))
                    .table(prefix + HISTORY_TABLE_SUFFIX)
                    .baselineOnMigrate(true)
                    .baselineVersion(String.valueOf(jdbc.schema().currentVersion()))
                    .load()
                    .migrate()
                    .migrationsExecuted;
        }
    }
}
