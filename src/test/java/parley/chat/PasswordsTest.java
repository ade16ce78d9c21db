package parley.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import parley.chat.Passwords.Cost;

class PasswordsTest {
    private static final String PASSWORD = "correct horse battery staple";
    private final Passwords passwords = new Passwords(Cost.FAST, 2, Duration.ofSeconds(5));

    @Test
    void aPasswordVerifiesAgainstItsHashAndAnotherDoesNot() {
        String hash = passwords.hash(PASSWORD);

        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=8,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(passwords.verify(PASSWORD, hash)).isTrue();
        assertThat(passwords.verify("correct horse battery stapler", hash)).isFalse();
        assertThat(passwords.verify("Correct horse battery staple", hash)).isFalse();
    }

    @Test
    void theHashIsNeverThePasswordAndTwoHashesOfOnePasswordDiffer() {
        String first = passwords.hash(PASSWORD);
        String second = passwords.hash(PASSWORD);

        assertThat(first).doesNotContain(PASSWORD).isNotEqualTo(second);
        assertThat(passwords.verify(PASSWORD, second)).isTrue();
    }

    @Test
    void aHashMadeBeforeTheCostChangedStillVerifies() {
        String old = passwords.hash(PASSWORD);
        Passwords dearer = new Passwords(new Cost(64, 2, 2), 2, Duration.ofSeconds(5));

        assertThat(dearer.hash(PASSWORD)).startsWith("$argon2id$v=19$m=64,t=2,p=2$");
        assertThat(dearer.verify(PASSWORD, old)).isTrue();
        assertThat(dearer.verify("not the password", old)).isFalse();
    }

    /** Made elsewhere (Password4j's issue 92 and its test vectors), so Parley's hashes are plain Argon2id. */
    @Test
    void hashesFromOtherArgon2LibrariesVerify() {
        assertThat(passwords.verify("Test123!",
                "$argon2id$v=19$m=16384,t=2,p=1$nlm7oNI5zquzSYkyby6oVw$JOkJAYrDB0i2gmiJrXC6o2r+u1rszCm/RO9gIQtnxlY")).isTrue();
        assertThat(passwords.verify("f6c4db4a54e2a370627aff3db617",
                "$argon2id$v=19$m=1024,t=3,p=1$a1hYRFVFUUhMdzF5dk43$oZQjFpZE3edaKLPT88nwAqxlLLv3JQA3Et5i+0u7hso")).isTrue();
        assertThat(passwords.verify("f6c4db4a54e2a370627aff3db618",
                "$argon2id$v=19$m=1024,t=3,p=1$a1hYRFVFUUhMdzF5dk43$oZQjFpZE3edaKLPT88nwAqxlLLv3JQA3Et5i+0u7hso")).isFalse();
    }

    @Test
    void aNewPasswordIsTenTo256CharactersKeptExactlyAsTyped() {
        assertThat(Passwords.checkNew(" 0123456789 ")).isEqualTo(" 0123456789 ");
        assertThat(Passwords.checkNew("😀".repeat(10))).isEqualTo("😀".repeat(10)); // 20 chars in UTF-16, 10 code points
        assertThat(Passwords.checkNew("x".repeat(256))).hasSize(256);
        assertThatThrownBy(() -> Passwords.checkNew("123456789"))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("9 characters long; a password is 10–256 characters");
        assertThatThrownBy(() -> Passwords.checkNew("😀".repeat(9))).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> Passwords.checkNew("x".repeat(257)))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("257 characters long; a password is 10–256 characters");
        assertThatThrownBy(() -> Passwords.checkNew(""))
                .isInstanceOf(InvalidInput.class)
                .hasMessage("Choose a password: 10–256 characters.");
        assertThatThrownBy(() -> Passwords.checkNew(null)).isInstanceOf(InvalidInput.class);
    }

    @Test
    void aPasswordLongerThanAnyThatCanBeChosenIsFalseWithoutHashing() {
        AtomicInteger hashed = new AtomicInteger();
        Passwords counting = new Passwords(Cost.FAST, 1, Duration.ZERO, (password, salt, cost, length) -> {
            hashed.incrementAndGet();
            return Arrays.copyOf(password, length); // not a hash, but differs between these passwords
        });
        String hash = counting.hash(PASSWORD);
        hashed.set(0);

        assertThat(counting.verify("x".repeat(1 << 20), hash)).isFalse();
        assertThat(counting.verify("😀".repeat(257), hash)).isFalse();
        counting.verifyNobody("x".repeat(1 << 20));
        assertThat(hashed).hasValue(0);

        assertThat(counting.verify("😀".repeat(256), hash)).isFalse(); // as long as a chosen one can be: hashed
        assertThat(hashed).hasValue(1);
    }

    @Test
    void aNameWithoutAnAccountCostsOneHashOfTheCurrentCost() {
        List<Cost> costs = new ArrayList<>();
        Cost current = new Cost(32, 3, 1);
        Passwords recording = new Passwords(current, 1, Duration.ZERO, (password, salt, cost, length) -> {
            costs.add(cost);
            return new byte[length];
        });

        recording.verifyNobody(PASSWORD);

        assertThat(costs).containsExactly(current);
    }

    @Test
    void whenEveryPermitIsTakenACallerWaitsAtMostMaxWaitThenHearsBusy() throws Exception {
        int permits = 2;
        CountDownLatch inside = new CountDownLatch(permits);
        CountDownLatch release = new CountDownLatch(1);
        Passwords blocking = new Passwords(Cost.FAST, permits, Duration.ofMillis(50), (password, salt, cost, length) -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new byte[length];
        });
        ExecutorService pool = Executors.newFixedThreadPool(permits);
        try {
            List<Future<String>> holders = new ArrayList<>();
            for (int i = 0; i < permits; i++) {
                holders.add(pool.submit(() -> blocking.hash(PASSWORD)));
            }
            assertThat(inside.await(10, TimeUnit.SECONDS)).as("both holders are hashing").isTrue();

            assertThatThrownBy(() -> blocking.hash(PASSWORD))
                    .isInstanceOf(HashingBusy.class)
                    .satisfies(busy -> assertThat(((HashingBusy) busy).retryAfter()).isEqualTo(Duration.ofSeconds(1)));
            assertThatThrownBy(() -> blocking.verifyNobody(PASSWORD)).isInstanceOf(HashingBusy.class);

            release.countDown();
            for (Future<String> holder : holders) {
                assertThat(holder.get(10, TimeUnit.SECONDS)).startsWith("$argon2id$");
            }
            assertThat(blocking.hash(PASSWORD)).startsWith("$argon2id$"); // the permits came back
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void whenEnoughCallersAreWaitingAlreadyTheNextHearsBusyAtOnceInsteadOfHoldingAThread() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // One hash at a time, and a wait far longer than this test: a caller that queued would still be waiting.
        Passwords blocking = new Passwords(Cost.FAST, 1, Duration.ofMinutes(5), (password, salt, cost, length) -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new byte[length];
        });
        int queued = Passwords.QUEUED_PER_HASH;
        ExecutorService pool = Executors.newFixedThreadPool(queued + 2);
        try {
            List<Future<String>> admitted = new ArrayList<>();
            admitted.add(pool.submit(() -> blocking.hash(PASSWORD)));
            assertThat(inside.await(10, TimeUnit.SECONDS)).as("the one hash is running").isTrue();
            for (int i = 0; i < queued; i++) {
                admitted.add(pool.submit(() -> blocking.hash(PASSWORD)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (blocking.waiting() < queued && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(blocking.waiting()).as("callers waiting their turn").isEqualTo(queued);

            Future<String> oneTooMany = pool.submit(() -> blocking.hash(PASSWORD));
            assertThatThrownBy(() -> oneTooMany.get(10, TimeUnit.SECONDS)).as("refused without waiting its turn")
                    .hasCauseInstanceOf(HashingBusy.class);

            release.countDown();
            for (Future<String> caller : admitted) {
                assertThat(caller.get(10, TimeUnit.SECONDS)).startsWith("$argon2id$");
            }
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void costIsWrittenAsInThePhcString() {
        assertThat(Cost.parse("m=19456,t=2,p=1")).isEqualTo(new Cost(19456, 2, 1));
        assertThat(Cost.parse(" m=8,t=1,p=1 ")).isEqualTo(Cost.FAST);
        assertThat(Cost.DEFAULT.toString()).isEqualTo("m=" + Cost.DEFAULT.memoryKib() + ",t=" + Cost.DEFAULT.iterations()
                + ",p=" + Cost.DEFAULT.parallelism());
        assertThat(Cost.parse(Cost.DEFAULT.toString())).isEqualTo(Cost.DEFAULT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "19456,2,1", "t=2,m=19456,p=1", "m=19456,t=2", "m=19456, t=2, p=1", "m=-1,t=2,p=1",
        "m=99999999999,t=2,p=1"})
    void aCostSpelledWronglyIsRefusedWithItsShape(String spelling) {
        assertThatThrownBy(() -> Cost.parse(spelling))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("m=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"m=7,t=1,p=1", "m=8,t=0,p=1", "m=8,t=1,p=0", "m=8,t=1,p=2", "m=2000000,t=1,p=1", "m=8,t=101,p=1"})
    void aCostArgon2DoesNotAllowOrThatIsAbsurdIsRefused(String spelling) {
        assertThatThrownBy(() -> Cost.parse(spelling))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("Argon2 (memory m|iterations t|parallelism p) must be .*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain text", "$argon2i$v=19$m=1024,t=3,p=1$a1hYRFVFUUhMdzF5dk43$oZQjFpZE3edaKLPT88nwAqxlLLv3JQA3Et5i+0u7hso",
        "$argon2id$v=16$m=1024,t=3,p=1$a1hYRFVFUUhMdzF5dk43$oZQjFpZE3edaKLPT88nwAqxlLLv3JQA3Et5i+0u7hso",
        "$argon2id$v=19$m=4000000,t=3,p=1$a1hYRFVFUUhMdzF5dk43$oZQjFpZE3edaKLPT88nwAqxlLLv3JQA3Et5i+0u7hso"})
    void aStoredHashThatIsNotArgon2idIsAnErrorNotAFalse(String stored) {
        assertThatThrownBy(() -> passwords.verify(PASSWORD, stored))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("A stored password hash");
    }
}
