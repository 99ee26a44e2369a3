package io.backuphub.retention;

import java.util.List;

/** The planner's answer: what to keep (with every reason) and what to delete (with the reason). */
public record RetentionPlan(List<Keep> keep, List<Delete> delete) {

    public record Keep(String artifactId, List<String> reasons) {
    }

    public record Delete(String artifactId, String reason, long bytes) {
    }

    public long bytesFreed() {
        return delete.stream().mapToLong(Delete::bytes).sum();
    }
}
