package io.backuphub.dashboard;

import io.backuphub.api.Views;
import io.backuphub.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A target's backup runs over a span as the page's chart script (uPlot) draws them: one point per run at
 * the time it ended, its size and duration, and the failed runs marked apart (drawn on the time axis, in
 * red). {@code json} is the chart's data attribute; {@code count} and {@code failures} its caption.
 */
public record RunsChart(String json, int count, int failures) {

    public static RunsChart of(List<Views.JobView> finished, long fromEpochSecond, long toEpochSecond) {
        List<Long> times = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        List<Integer> failed = new ArrayList<>();
        for (Views.JobView job : finished) {
            times.add(job.finishedAt().getEpochSecond());
            boolean ok = !job.status().equals("failed");
            sizes.add(ok ? job.bytes() : null);
            seconds.add(job.durationMs() == null ? null : job.durationMs() / 1000.0);
            failed.add(ok ? null : 0);
        }
        String json = Json.MAPPER.valueToTree(Map.of("from", fromEpochSecond, "to", toEpochSecond, "times", times,
                "sizes", sizes, "seconds", seconds, "failed", failed)).toString();
        return new RunsChart(json, times.size(), (int) failed.stream().filter(f -> f != null).count());
    }

    public boolean isEmpty() {
        return count == 0;
    }
}
