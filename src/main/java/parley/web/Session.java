package parley.web;

/** A signed-in person: the nickname they chose and a random id for this sign-in. */
public record Session(String id, String name) {}
