package parley;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import parley.support.LogCapture;
import parley.support.Postgres;
import parley.support.TestServer;

/**
 * Two Parley nodes sharing one real PostgreSQL, as behind a load balancer: a fresh database and two fresh
 * nodes for every test (a 1 s heartbeat unless a class says otherwise, limits off).
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
        a = TestServer.start(options());
        b = TestServer.start(options());
    }

    /** What both nodes start with; a test class may need another heartbeat. */
    String[] options() {
        return new String[] {"--database-url", database, "--heartbeat", heartbeat(), "--limits", "off"};
    }

    String heartbeat() {
        return "1s";
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
