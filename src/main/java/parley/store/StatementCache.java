package parley.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * SQLite connections that keep their prepared statements: closing one puts it aside, reset, and preparing the same
 * SQL on that connection again takes it back instead of compiling the SQL once more. SQLite compiles a statement,
 * with every trigger it fires, each time it is prepared: on a post that was about 115 µs of its 2 ms of server
 * time (a prepare of the insert, with its search-index trigger, took longer than running it). PostgreSQL's driver
 * keeps its own such cache; sqlite-jdbc has none (xerial/sqlite-jdbc#614), and HikariCP leaves it to drivers.
 *
 * <p>Only {@code prepareStatement(sql)} is cached. A statement is always reset when put aside (its result set
 * closed, its parameters cleared), so no read is left open on the connection; one that failed, or was used for
 * more than a query or an update with parameters, is closed for good.
 * Each connection is used by one thread at a time (the pool's promise), so nothing here is shared between threads.
 */
final class StatementCache {
    /** Statements kept per connection: every SQL text Parley runs often is well within it. */
    static final int PER_CONNECTION = 96;

    private StatementCache() {}

    /** A data source whose connections keep their statements. */
    static DataSource keeping(DataSource dataSource) {
        return (DataSource) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = call(dataSource, method, args);
                    return result instanceof Connection connection ? keeping(connection) : result;
                });
    }

    /** The connection, keeping its statements; closing it closes them too. */
    static Connection keeping(Connection connection) {
        return (Connection) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new Kept(connection));
    }

    /** One connection and the statements put aside on it, by SQL text, the least lately used first. */
    private static final class Kept implements InvocationHandler {
        private final Connection connection;
        private final Map<String, PreparedStatement> idle = new LinkedHashMap<>(32, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() <= PER_CONNECTION) {
                    return false;
                }
                closeQuietly(eldest.getValue());
                return true;
            }
        };

        Kept(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "connection keeping statements: " + connection;
                }
                default -> {}
            }
            if (name.equals("prepareStatement") && args.length == 1) {
                String sql = (String) args[0];
                PreparedStatement statement = idle.remove(sql);
                if (statement == null) {
                    statement = connection.prepareStatement(sql);
                }
                return Lent.of(statement, sql, this, (Connection) proxy);
            }
            if (name.equals("close")) {
                idle.values().forEach(StatementCache::closeQuietly);
                idle.clear();
            }
            return call(connection, method, args);
        }

        void putAside(String sql, PreparedStatement statement) {
            PreparedStatement other = idle.put(sql, statement);
            if (other != null && other != statement) {
                closeQuietly(other); // the same SQL was lent twice at once: keep one
            }
        }
    }

    /** A statement as lent to the caller: its close puts it aside instead, once it is reset. */
    private static final class Lent implements InvocationHandler {
        private final PreparedStatement statement;
        private final String sql;
        private final Kept owner;
        private final Connection connection;
        private ResultSet open;
        /** It failed, or was used in a way it cannot be reset from: closed for good, not put aside. */
        private boolean failed;
        private boolean closed;

        private Lent(PreparedStatement statement, String sql, Kept owner, Connection connection) {
            this.statement = statement;
            this.sql = sql;
            this.owner = owner;
            this.connection = connection;
        }

        static PreparedStatement of(PreparedStatement statement, String sql, Kept owner, Connection connection) {
            return (PreparedStatement) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, new Lent(statement, sql, owner, connection));
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close" -> {
                    close();
                    return null;
                }
                case "isClosed" -> {
                    return closed;
                }
                case "getConnection" -> {
                    return connection;
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "kept statement: " + sql;
                }
                default -> {
                    if (closed) {
                        throw new SQLException("The statement is closed");
                    }
                }
            }
            if (!REUSABLE_AFTER.contains(method.getName()) && !setsAParameter(method)) {
                failed = true; // a setting the next user would inherit, or a result not reset by its result set
            }
            try {
                Object result = call(statement, method, args);
                if (result instanceof ResultSet resultSet) {
                    open = resultSet;
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                failed = true; // whatever state it is in now, it is not used again
                throw e;
            }
        }

        /**
         * What a statement may have been used for and still be put aside: a query (reset by closing its result
         * set), an update (reset by the driver once done), and parameters. Anything else, such as {@code execute},
         * {@code addBatch}, {@code setMaxRows} or {@code setQueryTimeout}, closes it for good when it is closed.
         */
        private static final Set<String> REUSABLE_AFTER = Set.of("executeQuery", "executeUpdate", "clearParameters",
                "getResultSet", "getUpdateCount", "getMetaData", "getParameterMetaData", "getWarnings", "clearWarnings");

        /** setInt(1, …), setString(2, …) and the like: a parameter's value, not a setting of the statement. */
        private static boolean setsAParameter(Method method) {
            return method.getName().startsWith("set") && method.getParameterCount() >= 2
                    && method.getParameterTypes()[0] == int.class;
        }

        private void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (!failed) {
                    if (open != null) {
                        open.close(); // resets the statement: no read stays open on the connection
                    }
                    statement.clearParameters();
                    owner.putAside(sql, statement);
                    return;
                }
            } catch (SQLException e) {
                // not reset: closed below instead
            }
            closeQuietly(statement);
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            // closing what is no longer wanted: nothing to tell anyone
        }
    }
}
