package parley.live;

/**
 * The connection under one event stream, as its {@link Subscriber} sees it: the stream's one writer
 * (the web layer's {@code StreamWriter}). The subscriber never writes; it queues, and tells its outlet.
 */
public interface Outlet {
    /** Begins serving {@code subscriber}, whose frames (its replay first) it will write; called once, before any {@link #wake}. */
    void open(Subscriber subscriber);

    /** Something is queued: write it soon, on another thread. Called from any thread; never blocks. */
    void wake();

    /**
     * Closes the connection at once: the subscriber was dropped for being too slow, and a write its client
     * holds up must fail now rather than at the idle timeout.
     */
    void abort();
}
