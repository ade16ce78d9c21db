package parley;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import parley.support.StoreEngine;

/** Attention's store on a real SQLite file. */
class SqliteAttentionStoreTest extends AttentionStoreContract {
    @TempDir
    Path dir;

    @Override
    StoreEngine engine() {
        return StoreEngine.sqlite(dir);
    }
}
