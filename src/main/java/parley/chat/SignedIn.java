package parley.chat;

/** A session just started: the token for the browser's cookie (never stored), and who it signs in. */
public record SignedIn(String token, Viewer viewer) {}
