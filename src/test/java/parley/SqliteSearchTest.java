package parley;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import parley.store.Database;

/** Search on a real SQLite file: FTS5. */
class SqliteSearchTest extends SearchContract {
    private static final String PREFIX = "jdbc:sqlite:";
    private final AtomicInteger files = new AtomicInteger();

    @TempDir
    Path dir;

    @Override
    String emptyDatabaseUrl() {
        return PREFIX + dir.resolve("parley-" + files.incrementAndGet() + ".db").toAbsolutePath();
    }

    @Override
    Database openDatabase(String url) {
        return Database.sqlite(Path.of(url.substring(PREFIX.length())));
    }

    @Override
    String vendor() {
        return "sqlite";
    }
}
