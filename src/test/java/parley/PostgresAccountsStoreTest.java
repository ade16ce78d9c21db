package parley;

import parley.support.StoreEngine;

/** The account, session and room stores on a real PostgreSQL, a new database for each test. */
class PostgresAccountsStoreTest extends AccountsStoreContract {
    @Override
    StoreEngine engine() {
        return StoreEngine.postgres();
    }
}
