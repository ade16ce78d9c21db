package parley;

import parley.support.StoreEngine;

/** Search on a real PostgreSQL, a new database for each test: full text on a GIN index. */
class PostgresSearchTest extends SearchContract {
    @Override
    StoreEngine engine() {
        return StoreEngine.postgres();
    }
}
