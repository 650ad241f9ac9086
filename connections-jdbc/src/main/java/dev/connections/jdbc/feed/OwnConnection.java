package dev.connections.jdbc.feed;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Opens the PostgreSQL listener's own connection with the driver itself, so it never holds one of the
 * host's pool: from the URL given, or else the pool's URL and user name read once from a briefly borrowed
 * connection's metadata. The URL and password are never logged or put in a message: either may carry a
 * secret.
 */
final class OwnConnection implements ConnectionSource {
    private final @Nullable DataSource pool;
    private final @Nullable String user;
    private final @Nullable String password;
    private volatile @Nullable String url;
    private volatile @Nullable String poolUser;

    OwnConnection(@Nullable DataSource pool, @Nullable String url, @Nullable String user, @Nullable String password) {
        if (pool == null && url == null) {
            throw new IllegalArgumentException("The listener needs a URL or a DataSource to read one from");
        }
        this.pool = pool;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    @Override
    public Connection open() throws SQLException {
        String target = url;
        if (target == null) {
            target = readPoolUrl();
        }
        Properties properties = new Properties();
        String login = user != null ? user : poolUser;
        if (login != null) {
            // Parameters in the URL itself take precedence in the driver, as they would for the pool.
            properties.setProperty("user", login);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        Connection connection = new org.postgresql.Driver().connect(target, properties);
        if (connection == null) {
            throw new SQLException(
                    "The change feed's listener needs a jdbc:postgresql: URL; set listenerUrl or listenerDataSource");
        }
        return connection;
    }

    private String readPoolUrl() throws SQLException {
        DataSource source = pool;
        if (source == null) {
            throw new IllegalStateException("no pool to read the listener's URL from");
        }
        // Borrowed for one metadata read and given back at once.
        try (Connection borrowed = source.getConnection()) {
            DatabaseMetaData metadata = borrowed.getMetaData();
            String read = metadata.getURL();
            if (read == null) {
                throw new SQLException("The pool's connections do not report their URL; set listenerUrl");
            }
            poolUser = metadata.getUserName();
            url = read;
            return read;
        }
    }

    @Override
    public String toString() {
        return "OwnConnection[url=" + (url == null ? "from the pool" : "set") + "]";
    }
}
