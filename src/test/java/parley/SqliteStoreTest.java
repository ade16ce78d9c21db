package parley;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import parley.store.Database;

/** The store contract on a real SQLite file, in a directory that does not exist yet. */
class SqliteStoreTest extends StoreContract {
    @TempDir
    Path dir;

    @Override
    Database openDatabase() {
        return Database.sqlite(dir.resolve("nested/dir/parley.db"));
    }
}
