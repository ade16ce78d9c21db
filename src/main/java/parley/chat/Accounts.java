package parley.chat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import parley.store.Account;
import parley.store.AccountStore;
import parley.store.Settings;

/**
 * Accounts: signing up (the first account is the admin; after it by invite, or by anyone with open
 * sign-up), signing in, changing a password, and what admins do to people and to the invite link.
 */
public final class Accounts {
    private final AccountStore store;
    private final Settings settings;
    private final Sessions sessions;
    private final Passwords passwords;
    private final Clock clock;
    private final boolean openSignup;

    /** @param openSignup anyone may sign up from the home page, without the invite link */
    public Accounts(AccountStore store, Settings settings, Sessions sessions, Passwords passwords, Clock clock,
                    boolean openSignup) {
        this.store = store;
        this.settings = settings;
        this.sessions = sessions;
        this.passwords = passwords;
        this.clock = clock;
        this.openSignup = openSignup;
    }

    /** No account exists yet: the home page offers to create the first one, the admin. */
    public boolean firstRun() {
        return !store.any();
    }

    /** Whether the home page offers sign-up to anyone: on the first run, or with open sign-up. */
    public boolean signupOpen() {
        return openSignup || firstRun();
    }

    /** Whether {@code code} is the invite code now (compared in constant time). */
    public boolean invited(String code) {
        return code != null && MessageDigest.isEqual(code.getBytes(StandardCharsets.UTF_8),
                settings.inviteCode().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Creates an account and signs it in.
     *
     * @param code the invite code, needed unless sign-up is open
     * @throws NotAllowed   without a valid code when one is needed
     * @throws InvalidInput a name that breaks the rules or is taken (ignoring case and look-alikes), or a
     *                      password that is too short or too long
     * @throws HashingBusy  too many passwords are being hashed at once: try again in a moment
     */
    public SignedIn signUp(String name, String password, String code, String userAgent) {
        if (!signupOpen() && !invited(code)) {
            throw new NotAllowed("This invite link is not valid any more. Ask an admin for the current one.");
        }
        String checkedName = Names.accountName(name);
        String checkedPassword = Passwords.checkNew(password);
        String key = Names.skeleton(checkedName);
        if (store.byKey(key).isPresent()) { // checked again by the insert; this spares the hash
            throw taken(checkedName);
        }
        Account account = store.create(checkedName, key, passwords.hash(checkedPassword), clock.instant())
                .orElseThrow(() -> taken(checkedName));
        return sessions.start(account, userAgent);
    }

    /**
     * Signs in. Whatever is wrong, the name or the password, it is the same {@link WrongCredentials} after
     * the same work: a name that does not exist is checked against a password all the same.
     *
     * @throws WrongCredentials the name or the password is wrong
     * @throws NotAllowed       right, but the account is deactivated
     * @throws HashingBusy      too many passwords are being checked at once: try again in a moment
     */
    public SignedIn signIn(String name, String password, String userAgent) {
        Optional<AccountStore.Credentials> found = keyOf(name).flatMap(store::credentials);
        if (found.isEmpty()) {
            passwords.verifyNobody(password == null ? "" : password);
            throw new WrongCredentials();
        }
        if (!passwords.verify(password == null ? "" : password, found.get().passwordHash())) {
            throw new WrongCredentials();
        }
        Account account = found.get().account();
        if (!account.active()) {
            throw new NotAllowed("This account has been deactivated. Ask an admin if you think that is a mistake.");
        }
        return sessions.start(account, userAgent);
    }

    /**
     * Changes the viewer's password and ends every other session of theirs.
     *
     * @throws InvalidInput the current password is wrong, or the new one breaks the rules
     */
    public void changePassword(Viewer viewer, String current, String fresh) {
        String checked = Passwords.checkNew(fresh);
        AccountStore.Credentials credentials = store.credentials(Names.skeleton(viewer.name()))
                .orElseThrow(() -> new NotAllowed("This account is gone."));
        if (!passwords.verify(current == null ? "" : current, credentials.passwordHash())) {
            throw new InvalidInput("Your current password is not that. Nothing was changed.");
        }
        store.setPasswordHash(viewer.accountId(), passwords.hash(checked));
        sessions.endOthers(viewer);
    }

    /** Active accounts by name, for "Message alice" and for adding members; case and look-alikes ignored. */
    public Optional<Account> active(String name) {
        return keyOf(name).flatMap(store::byKey).filter(Account::active);
    }

    /** Everyone, for the admin page. */
    public List<Account> people(Viewer admin) {
        requireAdmin(admin);
        return store.all();
    }

    public String inviteCode(Viewer admin) {
        requireAdmin(admin);
        return settings.inviteCode();
    }

    /** A new invite code: the old link stops working. */
    public String rotateInvite(Viewer admin) {
        requireAdmin(admin);
        return settings.rotateInviteCode();
    }

    /** Deactivates the person: they cannot sign in, and every session of theirs ends, with its streams. */
    public void deactivate(Viewer admin, String name) {
        Account person = person(admin, name);
        if (person.id() == admin.accountId()) {
            throw new InvalidInput("You can't deactivate yourself. Another admin can.");
        }
        store.setActive(person.id(), false);
        sessions.endAll(person.id());
    }

    public void reactivate(Viewer admin, String name) {
        store.setActive(person(admin, name).id(), true);
    }

    public void makeAdmin(Viewer admin, String name) {
        store.setRole(person(admin, name).id(), Account.Role.ADMIN);
    }

    /** Takes admin away from the person; not from yourself, so there is always an admin left. */
    public void makeMember(Viewer admin, String name) {
        Account person = person(admin, name);
        if (person.id() == admin.accountId()) {
            throw new InvalidInput("You can't stop being an admin yourself. Another admin can do it.");
        }
        store.setRole(person.id(), Account.Role.MEMBER);
    }

    private Account person(Viewer admin, String name) {
        requireAdmin(admin);
        return keyOf(name).flatMap(store::byKey)
                .orElseThrow(() -> new InvalidInput("Nobody is called " + name + "."));
    }

    /**
     * The viewer is an admin now: checked against the database, not the page they loaded, so an admin who
     * was demoted or deactivated since cannot use a stale admin page.
     */
    private void requireAdmin(Viewer viewer) {
        boolean admin = store.byId(viewer.accountId()).filter(Account::active).map(Account::isAdmin).orElse(false);
        if (!admin) {
            throw new NotAllowed("Only an admin can do that.");
        }
    }

    private static Optional<String> keyOf(String name) {
        try {
            return Optional.of(Names.skeleton(Names.accountName(name)));
        } catch (InvalidInput e) {
            return Optional.empty();
        }
    }

    private static InvalidInput taken(String name) {
        return new InvalidInput("The name " + name + " is taken (names are the same ignoring case and letters that "
                + "look alike). Choose another.");
    }
}
