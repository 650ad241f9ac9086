package dev.connections.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLSyntaxErrorException;
import javax.sql.DataSource;

/**
 * A DataSource whose connections refuse a compound statement ({@code BEGIN NOT ATOMIC …}) as MySQL's server does,
 * with a syntax error before anything runs: MariaDB made to answer like a server without them.
 */
final class WithoutCompoundStatements {
    private WithoutCompoundStatements() {}

    static DataSource wrap(DataSource pool) {
        return proxy(DataSource.class, pool, (proxy, method, args) -> {
            Object result = invoke(pool, method, args);
            return result instanceof Connection c ? connection(c) : result;
        });
    }

    private static Connection connection(Connection c) {
        return proxy(Connection.class, c, (proxy, method, args) -> {
            if (method.getName().equals("prepareStatement")
                    && args[0] instanceof String sql
                    && sql.startsWith("BEGIN NOT ATOMIC")) {
                throw new SQLSyntaxErrorException(
                        "You have an error in your SQL syntax (compound statements refused by the test)",
                        "42000",
                        1064);
            }
            return invoke(c, method, args);
        });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static <T> T proxy(Class<T> type, T target, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
