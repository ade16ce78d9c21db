package parley.store;

/** The database could not be reached or failed; the request can be retried later. */
public final class StoreUnavailable extends RuntimeException {
    public StoreUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
