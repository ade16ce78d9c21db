package parley.chat;

import parley.store.Account;
import parley.store.Author;

/** The signed-in person a request comes from, and the session it came with. */
public record Viewer(long sessionId, Account account) {
    public String name() {
        return account.name();
    }

    public long accountId() {
        return account.id();
    }

    public boolean isAdmin() {
        return account.isAdmin();
    }

    /** What the person's own limits and idempotency keys are counted under: their account, on every device. */
    public String scope() {
        return "account-" + account.id();
    }

    public Author asAuthor() {
        return new Author(account.id(), account.name());
    }
}
