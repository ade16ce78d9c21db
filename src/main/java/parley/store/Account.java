package parley.store;

import java.time.Instant;

/** A person who can sign in. {@code name} is shown as they typed it; it is unique ignoring case and confusables. */
public record Account(long id, String name, Role role, boolean active, Instant createdAt) {
    public enum Role {
        ADMIN, MEMBER;

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Role of(String column) {
            return valueOf(column.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
