package io.backuphub.retention;

import java.util.List;

/**
 * The planner's answer: what to keep (with every reason) and what to delete (with the reason). Applied
 * to a target, each entry names the store whose copy it is about (null from the planner itself).
 */
public record RetentionPlan(List<Keep> keep, List<Delete> delete) {

    public record Keep(String artifactId, String store, List<String> reasons) {

        public Keep(String artifactId, List<String> reasons) {
            this(artifactId, null, reasons);
        }
    }

    /** {@code earlyDeletion}: what deleting it now bills under its storage class's minimum; null when nothing. */
    public record Delete(String artifactId, String store, String reason, long bytes, EarlyDeletion earlyDeletion) {

        public Delete(String artifactId, String reason, long bytes) {
            this(artifactId, null, reason, bytes, null);
        }
    }

    /**
     * A deletion before the storage class's minimum storage duration: the days still billed for
     * {@code bytes} as if the copy had stayed.
     */
    public record EarlyDeletion(String storageClass, long minimumDays, long storedDays, long billedDays, long bytes) {
    }

    public long bytesFreed() {
        return delete.stream().mapToLong(Delete::bytes).sum();
    }
}
