package parley;

import parley.store.Database;
import parley.support.Postgres;

/** The store contract on a real PostgreSQL, a new database for each test. */
class PostgresStoreTest extends StoreContract {
    static final Postgres postgres = Postgres.shared();

    @Override
    Database openDatabase() {
        return Database.postgres(postgres.newDatabase());
    }
}
