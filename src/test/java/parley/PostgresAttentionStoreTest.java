package parley;

import parley.store.Database;
import parley.support.Postgres;

/** Attention's store on a real PostgreSQL, a new database for each test. */
class PostgresAttentionStoreTest extends AttentionStoreContract {
    static final Postgres postgres = Postgres.shared();

    @Override
    String emptyDatabaseUrl() {
        return postgres.newDatabase();
    }

    @Override
    Database openDatabase(String url) {
        return Database.postgres(url);
    }

    @Override
    String vendor() {
        return "postgresql";
    }
}
