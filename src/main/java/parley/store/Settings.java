package parley.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import javax.sql.DataSource;

/** Node-independent settings kept in the database, so every node that shares it agrees on them. */
public final class Settings {
    private final DataSource dataSource;

    public Settings(Database database) {
        this.dataSource = database.dataSource();
    }

    /** The key that signs session cookies: created on first use, then the same for every node and restart. */
    public String sessionSecret() {
        String fresh = HexFormat.of().formatHex(randomBytes());
        try (Connection c = dataSource.getConnection()) {
            // Insert-if-absent then read: two nodes starting together both end up with the winner's key.
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO settings (name, value) VALUES ('session_secret', ?) ON CONFLICT (name) DO NOTHING")) {
                insert.setString(1, fresh);
                insert.executeUpdate();
            }
            try (PreparedStatement select = c.prepareStatement("SELECT value FROM settings WHERE name = 'session_secret'");
                    ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw JdbcMessageStore.unavailable(e);
        }
    }

    private static byte[] randomBytes() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
