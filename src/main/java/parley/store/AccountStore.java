package parley.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Accounts: created at sign-up, found by their name's key at sign-in, changed by their owner or an admin. */
public final class AccountStore {
    private static final String COLUMNS = "id, name, role, active, created_at";

    /** An account with its password hash, for signing in only. */
    public record Credentials(Account account, String passwordHash) {}

    private final Jdbc jdbc;
    private final boolean postgres;

    public AccountStore(Database database) {
        this(database, StoreErrors.NONE);
    }

    public AccountStore(Database database, StoreErrors errors) {
        this.jdbc = new Jdbc(database, errors);
        this.postgres = database.isPostgres();
    }

    /**
     * Creates the account unless its name's key is taken (empty then). The first account there is becomes
     * an admin; every later one a member.
     */
    public Optional<Account> create(String name, String nameKey, String passwordHash, Instant at) {
        // One statement decides the role and inserts. On SQLite writers take turns (an IMMEDIATE transaction), so
        // two first sign-ups at once cannot both see no account; on PostgreSQL two such inserts could, so the
        // table is locked against other writers for the moment of the insert (sign-ups are rare).
        return jdbc.inTransaction(c -> {
            if (postgres) {
                Jdbc.update(c, "LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE");
            }
            return Jdbc.one(c, """
                    INSERT INTO accounts (name, name_key, password_hash, role, active, created_at)
                    SELECT ?, ?, ?, CASE WHEN EXISTS (SELECT 1 FROM accounts) THEN 'member' ELSE 'admin' END, TRUE, ?
                    WHERE TRUE ON CONFLICT (name_key) DO NOTHING RETURNING id, role""",
                    rs -> new Account(rs.getLong(1), name, Account.Role.of(rs.getString(2)), true, at),
                    name, nameKey, passwordHash, at.toEpochMilli());
        });
    }

    public boolean any() {
        return jdbc.one("SELECT 1 FROM accounts LIMIT 1", rs -> true).isPresent();
    }

    public Optional<Credentials> credentials(String nameKey) {
        return jdbc.one("SELECT " + COLUMNS + ", password_hash FROM accounts WHERE name_key = ?",
                rs -> new Credentials(account(rs), rs.getString(6)), nameKey);
    }

    public Optional<Account> byKey(String nameKey) {
        return jdbc.one("SELECT " + COLUMNS + " FROM accounts WHERE name_key = ?", AccountStore::account, nameKey);
    }

    public Optional<Account> byId(long id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM accounts WHERE id = ?", AccountStore::account, id);
    }

    /** Every account, by name. */
    public List<Account> all() {
        return jdbc.list("SELECT " + COLUMNS + " FROM accounts ORDER BY name", AccountStore::account);
    }


    public void setActive(long id, boolean active) {
        jdbc.update("UPDATE accounts SET active = ? WHERE id = ?", active, id);
    }

    public void setRole(long id, Account.Role role) {
        jdbc.update("UPDATE accounts SET role = ? WHERE id = ?", role.column(), id);
    }

    public void setPasswordHash(long id, String passwordHash) {
        jdbc.update("UPDATE accounts SET password_hash = ? WHERE id = ?", passwordHash, id);
    }

    static Account account(ResultSet rs) throws SQLException {
        return new Account(rs.getLong(1), rs.getString(2), Account.Role.of(rs.getString(3)), rs.getBoolean(4),
                Instant.ofEpochMilli(rs.getLong(5)));
    }
}
