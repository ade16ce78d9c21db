package parley.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;

/** Node-independent settings kept in the database, so every node that shares it agrees on them. */
public final class Settings {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource dataSource;

    public Settings(Database database) {
        this.dataSource = database.dataSource();
    }

    /** The invite code of /join/{code}: created on first use, then the same for every node until rotated. */
    public String inviteCode() {
        try (Connection c = dataSource.getConnection()) {
            Optional<String> known = read(c);
            if (known.isPresent()) {
                return known.get(); // the usual case, and a read only: GET /join/{code} writes nothing
            }
            // Insert-if-absent then read: two nodes starting together both end up with the winner's code.
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO settings (name, value) VALUES ('invite_code', ?) ON CONFLICT (name) DO NOTHING")) {
                insert.setString(1, freshCode());
                insert.executeUpdate();
            }
            return read(c).orElseThrow(() -> new SQLException("The invite code was written, and then not found"));
        } catch (SQLException e) {
            throw JdbcMessageStore.unavailable(e);
        }
    }

    private static Optional<String> read(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT value FROM settings WHERE name = 'invite_code'");
                ResultSet rs = select.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /** Replaces the invite code with a new one, so the old link stops working; returns the new code. */
    public String rotateInviteCode() {
        String code = freshCode();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO settings (name, value) VALUES ('invite_code', ?)
                ON CONFLICT (name) DO UPDATE SET value = excluded.value""")) {
            s.setString(1, code);
            s.executeUpdate();
            return code;
        } catch (SQLException e) {
            throw JdbcMessageStore.unavailable(e);
        }
    }

    /** 16 random bytes, hex: unguessable, and safe in a URL as it is. */
    private static String freshCode() {
        byte[] code = new byte[16];
        RANDOM.nextBytes(code);
        return HexFormat.of().formatHex(code);
    }
}
