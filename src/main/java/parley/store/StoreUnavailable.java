package parley.store;

/** The database could not be reached or failed; the request can be retried later. */
public final class StoreUnavailable extends RuntimeException {
    private final boolean logged;

    public StoreUnavailable(String message, Throwable cause) {
        this(message, cause, false);
    }

    private StoreUnavailable(String message, Throwable cause, boolean logged) {
        super(message, cause);
        this.logged = logged;
    }

    /** A failure the store has already told the operator about (see {@link WriteHealth}): not to be logged again. */
    static StoreUnavailable alreadyLogged(String message, Throwable cause) {
        return new StoreUnavailable(message, cause, true);
    }

    /** True when the log already has this failure's cause, so whoever answers the request need not repeat it. */
    public boolean logged() {
        return logged;
    }
}
