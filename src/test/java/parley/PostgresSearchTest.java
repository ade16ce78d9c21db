package parley;

import parley.store.Database;
import parley.support.Postgres;

/** Search on a real PostgreSQL, a new database for each test: full text on a GIN index. */
class PostgresSearchTest extends SearchContract {
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
