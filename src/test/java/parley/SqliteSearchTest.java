package parley;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import parley.support.StoreEngine;

/** Search on a real SQLite file: FTS5. */
class SqliteSearchTest extends SearchContract {
    @TempDir
    Path dir;

    @Override
    StoreEngine engine() {
        return StoreEngine.sqlite(dir);
    }
}
