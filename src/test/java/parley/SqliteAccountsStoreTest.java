package parley;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import parley.support.StoreEngine;

/** The account, session and room stores on a real SQLite file. */
class SqliteAccountsStoreTest extends AccountsStoreContract {
    @TempDir
    Path dir;

    @Override
    StoreEngine engine() {
        return StoreEngine.sqlite(dir);
    }
}
