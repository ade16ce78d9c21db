package parley.live;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The presence of a node that is alone: the people here are everyone. */
public final class LocalPresence implements SharedPresence {
    @Override
    public void start(Listener listener) {
        // No other node will ever change anything.
    }

    @Override
    public void share(String room, List<String> here) {
        // No one else to tell.
    }

    @Override
    public List<String> everyone(String room, List<String> here) {
        return here;
    }

    @Override
    public Map<String, List<String>> elsewhere(Collection<String> rooms) {
        return Map.of(); // there is no elsewhere
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
