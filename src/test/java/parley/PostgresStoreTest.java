package parley;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import parley.store.Database;
import parley.support.Postgres;

/** The store contract on a real PostgreSQL, a new database for each test. */
class PostgresStoreTest extends StoreContract {
    static Postgres postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = Postgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Override
    HikariDataSource openDatabase() {
        return Database.postgres(postgres.newDatabase());
    }
}
