package parley.live;

/** This node is shutting down and takes no new streams: the client should try again (another node, soon). */
public final class NodeStopping extends RuntimeException {
    public NodeStopping() {
        super("This Parley node is stopping. Try again in a moment.", null, false, false);
    }
}
