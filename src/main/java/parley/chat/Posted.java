package parley.chat;

/**
 * A post that succeeded: the message it stored, or, for a repeat of an earlier post with the same
 * idempotency key, the message that one stored ({@code repeat}: nothing new was stored or sent).
 */
public record Posted(String room, long messageId, boolean repeat) {}
