package dev.connections.jdbc;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/** A DataSource that records the SQL text of every statement prepared or executed through it. */
final class RecordingDataSource extends WrappingDataSource {
    final List<String> statements = new CopyOnWriteArrayList<>();

    RecordingDataSource(DataSource delegate) {
        super(delegate);
    }

    @Override
    protected Connection wrap(Connection real) {
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql) {
                        statements.add(sql);
                    }
                    Object result = invoke(real, method, args);
                    if (method.getName().equals("createStatement")) {
                        Statement statement = (Statement) result;
                        return Proxy.newProxyInstance(
                                Statement.class.getClassLoader(), new Class<?>[] {Statement.class}, (p, m, a) -> {
                                    if (m.getName().startsWith("execute") && a != null && a[0] instanceof String sql) {
                                        statements.add(sql);
                                    }
                                    return invoke(statement, m, a);
                                });
                    }
                    return result;
                });
    }
}
