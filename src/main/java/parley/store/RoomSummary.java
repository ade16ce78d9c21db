package parley.store;

import java.time.Instant;

public record RoomSummary(String name, long messageCount, Instant lastActiveAt) {}
