package parley;

import parley.store.Database;
import parley.support.StoreEngine;

/** A store contract that runs on every engine: its tests ask the engine for databases. */
abstract class EngineContract {
    /** The engine this run of the contract is on. */
    abstract StoreEngine engine();

    /** The JDBC URL of a new, empty database (no schema at all). */
    final String emptyDatabaseUrl() {
        return engine().emptyDatabaseUrl();
    }

    /** Opens the database at {@code url} as Parley does (another pool each time), migrating it to the current schema. */
    final Database openDatabase(String url) {
        return engine().open(url);
    }

    /** Which of db/migration/{sqlite,postgresql} this database takes. */
    final String vendor() {
        return engine().vendor();
    }
}
