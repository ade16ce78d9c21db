package parley;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import parley.support.StoreEngine;

/** The change log on a real SQLite file. */
class SqliteChangeLogTest extends ChangeLogContract {
    @TempDir
    Path dir;

    @Override
    StoreEngine engine() {
        return StoreEngine.sqlite(dir);
    }
}
