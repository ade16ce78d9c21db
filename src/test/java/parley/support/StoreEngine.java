package parley.support;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import parley.store.Database;

/**
 * An engine a store contract runs on: where a new, empty database is, how Parley opens one, and which migrations it
 * takes. The contracts are written once; each engine's test class only says which engine it is.
 */
public interface StoreEngine {
    /** The JDBC URL of a new, empty database (no schema at all). */
    String emptyDatabaseUrl();

    /** Opens the database at {@code url} as Parley does (another pool each time), migrating it to the current schema. */
    Database open(String url);

    /** Which of db/migration/{sqlite,postgresql} this database takes. */
    String vendor();

    /** New SQLite files in {@code dir}. */
    static StoreEngine sqlite(Path dir) {
        String prefix = "jdbc:sqlite:";
        return new StoreEngine() {
            @Override
            public String emptyDatabaseUrl() {
                return prefix + dir.resolve("parley-" + Files.NEXT.incrementAndGet() + ".db").toAbsolutePath();
            }

            @Override
            public Database open(String url) {
                return Database.sqlite(Path.of(url.substring(prefix.length())));
            }

            @Override
            public String vendor() {
                return "sqlite";
            }
        };
    }

    /** New databases on the tests' shared PostgreSQL. */
    static StoreEngine postgres() {
        return new StoreEngine() {
            @Override
            public String emptyDatabaseUrl() {
                return Postgres.shared().newDatabase();
            }

            @Override
            public Database open(String url) {
                return Database.postgres(url);
            }

            @Override
            public String vendor() {
                return "postgresql";
            }
        };
    }

    /** Numbers the SQLite files, so that one test may open several. */
    final class Files {
        private static final AtomicInteger NEXT = new AtomicInteger();

        private Files() {}
    }
}
