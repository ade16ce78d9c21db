package parley.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Opens the embedded SQLite database: a pooled DataSource with the schema migrated. */
public final class Database {
    private Database() {}

    public static HikariDataSource sqlite(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the directory for " + file, e);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("parley-sqlite");
        config.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        // WAL lets readers run beside the writer; synchronous=FULL makes a commit durable before
        // append() returns, which is what a 2xx on a post promises.
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "FULL");
        config.addDataSourceProperty("busy_timeout", "10000");
        config.addDataSourceProperty("foreign_keys", "true");
        config.setMaximumPoolSize(8);
        HikariDataSource dataSource = new HikariDataSource(config);
        migrate(dataSource);
        return dataSource;
    }

    static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }
}
