package parley;

import parley.support.StoreEngine;

/** The change log on a real PostgreSQL, a new database for each test. */
class PostgresChangeLogTest extends ChangeLogContract {
    @Override
    StoreEngine engine() {
        return StoreEngine.postgres();
    }
}
