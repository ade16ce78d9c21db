package parley.chat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import parley.chat.Passwords.Cost;

/**
 * What one password hash costs here, to choose {@link Cost#DEFAULT}: median and p95 milliseconds of one
 * hash with the JVM warm, and the bytes the hashing thread allocated for it. Run by hand, not a test:
 * <pre>
 * m -B -q test-compile &amp;&amp; m -B -q dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp target/classes:target/test-classes:$(cat cp.txt) parley.chat.PasswordCostBench [m=..,t=..,p=.. ...]
 * </pre>
 */
public final class PasswordCostBench {
    private static final int WARM_UP = 10;
    private static final int MEASURED = 40;

    public static void main(String[] args) {
        String[] costs = args.length > 0 ? args
                : new String[] {Cost.DEFAULT.toString(), "m=47104,t=1,p=1", "m=47104,t=3,p=1", "m=19456,t=2,p=1",
                    "m=32768,t=2,p=1", "m=65536,t=2,p=1"};
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.out.printf("%-18s %9s %7s %10s %12s%n", "cost", "median ms", "p95 ms", "memory MiB", "allocated MiB");
        for (String spelling : costs) {
            Cost cost = Cost.parse(spelling);
            Passwords passwords = new Passwords(cost, 1, Duration.ofMinutes(1));
            for (int i = 0; i < WARM_UP; i++) {
                passwords.hash("warming up the JIT");
            }
            long[] nanos = new long[MEASURED];
            long allocated = Long.MAX_VALUE;
            for (int i = 0; i < MEASURED; i++) {
                long bytesBefore = threads.getCurrentThreadAllocatedBytes();
                long start = System.nanoTime();
                passwords.hash("correct horse battery staple");
                nanos[i] = System.nanoTime() - start;
                allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - bytesBefore);
            }
            Arrays.sort(nanos);
            System.out.printf("%-18s %9.1f %7.1f %10.1f %12.1f%n", cost, nanos[MEASURED / 2] / 1e6,
                    nanos[(int) Math.ceil(MEASURED * 0.95) - 1] / 1e6, cost.memoryKib() / 1024.0, allocated / 1048576.0);
        }
    }
}
