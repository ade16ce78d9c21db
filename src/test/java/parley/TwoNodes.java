package parley;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import parley.support.LogCapture;
import parley.support.Postgres;
import parley.support.TestServer;

/**
 * Two Parley nodes sharing one real PostgreSQL, as behind a load balancer: a fresh database and two fresh
 * nodes for every test (a 1 s heartbeat, limits off).
 */
abstract class TwoNodes {
    static final Postgres postgres = Postgres.shared();

    String database;
    TestServer a;
    TestServer b;
    /** The warnings a test provokes on purpose, kept off the console until both nodes have stopped. */
    LogCapture expectedLog;

    @BeforeEach
    void startNodes() {
        database = postgres.newDatabase();
        a = TestServer.start("--database-url", database, "--heartbeat", "1s", "--limits", "off");
        b = TestServer.start("--database-url", database, "--heartbeat", "1s", "--limits", "off");
    }

    @AfterEach
    void stopNodes() {
        a.close();
        b.close();
        if (expectedLog != null) {
            expectedLog.close();
        }
    }
}
