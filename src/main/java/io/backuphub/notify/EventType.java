package io.backuphub.notify;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * Everything people may hear about, by the name notification rules, event payloads, the API and the
 * docs use (docs/configuration.md's list is checked against this one).
 */
public enum EventType {

    BACKUP_SUCCEEDED("backup.succeeded"), BACKUP_PARTIAL("backup.partial"), BACKUP_FAILED(
            "backup.failed"), VERIFICATION_FAILED("verification.failed"), COPY_FAILED("copy.failed"), RETENTION_DELETED(
                    "retention.deleted"), SCHEDULE_MISSED("schedule.missed"), TARGET_OVERDUE(
                            "target.overdue"), RESTORE_SUCCEEDED("restore.succeeded"), RESTORE_FAILED(
                                    "restore.failed"), BACKUP_SUSPICIOUS("backup.suspicious"), DRILL_SUCCEEDED(
                                            "drill.succeeded"), DRILL_FAILED("drill.failed"), STORE_UNAVAILABLE(
                                                    "store.unavailable"), STORE_AVAILABLE(
                                                            "store.available"), QUOTA_NEAR(
                                                                    "quota.near"), QUOTA_EXCEEDED(
                                                                            "quota.exceeded"), KEY_EXPIRING(
                                                                                    "key.expiring"), PITR_LAGGING(
                                                                                            "pitr.lagging"), PITR_GAP(
                                                                                                    "pitr.gap");

    /** The event of a channel's test message: not one a rule can name. */
    public static final String TEST = "test";

    private final String id;

    EventType(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** Every event's name, in this order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(EventType::id).toList();
    }

    @Override
    public String toString() {
        return id;
    }
}
