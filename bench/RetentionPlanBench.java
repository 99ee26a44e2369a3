import io.backuphub.retention.RetentionPlan;
import io.backuphub.retention.RetentionPlanner;
import io.backuphub.retention.RetentionPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Times RetentionPlanner.plan over N artifacts (default 100,000): one backup every 15 minutes going
 * back about three years, 5% unverified, 0.1% pinned. Run by bench/retention.sh.
 */
public class RetentionPlanBench {

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        Random random = new Random(7);
        List<RetentionPlanner.Candidate> artifacts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            artifacts.add(new RetentionPlanner.Candidate(String.format("a%07d", i), now.minus(Duration.ofMinutes(15L * i)),
                    random.nextInt(100) >= 5, random.nextInt(1000) == 0 ? "legal hold" : null, 1_000_000));
        }
        RetentionPolicy policy = new RetentionPolicy(24, 30, 12, 24, 5, 3 * 365, 10);
        ZoneId zone = ZoneId.of("Europe/Berlin");
        RetentionPlan plan = null;
        for (int i = 0; i < 5; i++) {
            plan = RetentionPlanner.plan(artifacts, policy, now, zone); // warm-up
        }
        long[] millis = new long[15];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            plan = RetentionPlanner.plan(artifacts, policy, now, zone);
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        Arrays.sort(millis);
        System.out.printf("| %,d | %d | %d | %d ms | %d ms | %d ms |%n", n, plan.keep().size(), plan.delete().size(),
                millis[0], millis[millis.length / 2], millis[millis.length - 1]);
    }
}
