package parley.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool.PoolInitializationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open database: the embedded SQLite file by default, or a PostgreSQL shared by several nodes. Either
 * way a connection pool with the schema migrated (each engine has its own migrations, the same tables).
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** While PostgreSQL is away a post must fail fast with a 503, not wait for Hikari's default 30 s. */
    private static final Duration POSTGRES_CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final HikariDataSource pool;
    /** The SQLite file, or null on PostgreSQL. */
    private final Path sqliteFile;

    private Database(HikariDataSource pool, Path sqliteFile) {
        this.pool = pool;
        this.sqliteFile = sqliteFile;
    }

    /** @throws StoreUnavailable when the file cannot be opened or migrated */
    public static Database sqlite(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the directory for " + file, e);
        }
        SQLiteConfig pragmas = new SQLiteConfig();
        // WAL lets readers run beside the writer; synchronous=FULL makes a commit durable before
        // append() returns, which is what a 2xx on a post promises.
        pragmas.setJournalMode(SQLiteConfig.JournalMode.WAL);
        pragmas.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        pragmas.setBusyTimeout(10_000);
        pragmas.enforceForeignKeys(true);
        // Every transaction Parley opens writes: taking the write lock at BEGIN makes a second writer wait
        // (busy_timeout) instead of failing at once, as SQLite does when a reading transaction tries to write.
        pragmas.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource sqlite = new SQLiteDataSource(pragmas);
        sqlite.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        HikariConfig config = new HikariConfig();
        config.setPoolName("parley-sqlite");
        config.setDataSource(StatementCache.keeping(sqlite));
        config.setMaximumPoolSize(8);
        return open(config, "sqlite", file);
    }

    /**
     * @param url a {@code jdbc:postgresql://} URL, with the user and password in it or in PGUSER/PGPASSWORD
     * @throws StoreUnavailable when PostgreSQL cannot be reached or the schema cannot be migrated
     */
    public static Database postgres(String url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("parley-postgres");
        config.setJdbcUrl(url);
        config.addDataSourceProperty("ApplicationName", "parley");
        config.setConnectionTimeout(POSTGRES_CONNECT_TIMEOUT.toMillis());
        config.addDataSourceProperty("connectTimeout", POSTGRES_CONNECT_TIMEOUT.toSeconds());
        // A query that hangs on a dead network is given up rather than holding a request thread for good.
        config.addDataSourceProperty("socketTimeout", 30);
        config.setMaximumPoolSize(16);
        return open(config, "postgresql", null);
    }

    private static Database open(HikariConfig config, String vendor, Path sqliteFile) {
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (PoolInitializationException e) {
            throw new StoreUnavailable(rootMessage(e), e);
        }
        try {
            migrate(pool, vendor);
        } catch (FlywayException e) {
            pool.close();
            throw new StoreUnavailable(rootMessage(e), e);
        }
        return new Database(pool, sqliteFile);
    }

    private static void migrate(DataSource dataSource, String vendor) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + vendor)
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            log.info("Migrated the database schema from {} to version {} ({} {})",
                    result.initialSchemaVersion == null ? "empty" : "version " + result.initialSchemaVersion,
                    result.targetSchemaVersion, result.migrationsExecuted,
                    result.migrationsExecuted == 1 ? "migration" : "migrations");
        }
    }

    /** For the stores and the cluster, which run SQL; nothing above them sees a connection. */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * Closes a connection whose write failed, instead of handing it to the next request. Whatever it was left
     * in dies with it: an open transaction is rolled back by the database, and a driver out of step with the
     * database cannot commit anything later. (After a full disk SQLite has rolled back by itself, so
     * sqlite-jdbc's rollback fails and never begins the next transaction: pooled again, that connection
     * committed each later statement on its own, then failed the post at its commit.) On PostgreSQL the idle
     * connections are retired too: a refusal such as {@code default_transaction_read_only} is a setting each
     * session took when it opened, and would outlast the operator lifting it.
     */
    void discard(Connection connection) {
        // Evicted, not closed: the pool closes it at once, where close() would first roll back and reset it.
        pool.evictConnection(connection);
        if (sqliteFile == null) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    /** PostgreSQL (shared by several nodes), not the SQLite file. */
    boolean isPostgres() {
        return sqliteFile == null;
    }

    /** Why a write failed, in words: for the log and for /health. */
    WriteProblem explain(SQLException e) {
        return sqliteFile != null ? WriteProblem.onSqlite(e, sqliteFile) : WriteProblem.onPostgres(e);
    }

    @Override
    public void close() {
        pool.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
