package parley;

import parley.support.StoreEngine;

/** Attention's store on a real PostgreSQL, a new database for each test. */
class PostgresAttentionStoreTest extends AttentionStoreContract {
    @Override
    StoreEngine engine() {
        return StoreEngine.postgres();
    }
}
