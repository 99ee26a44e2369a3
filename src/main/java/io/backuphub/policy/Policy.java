package io.backuphub.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.backuphub.retention.RetentionPolicy;
import io.backuphub.schedule.ScheduleDefaults;
import io.backuphub.target.Compression;
import io.backuphub.target.Target;
import java.time.Duration;
import java.util.List;

/**
 * Settings shared by every target a selector picks (docs/policies.md): each applies to a target that
 * does not set it itself. A setting left out here is not this policy's to give.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Policy(
        String id,
        String description,
        Selector selector,
        List<ScheduleDefaults.Timing> schedule,
        List<String> stores,
        List<String> replicateTo,
        Target.EncryptionSpec encryption,
        Duration expectedEvery,
        Compression compression,
        Integer compressionLevel,
        Duration jobTimeout,
        Target.DrillSpec drill,
        RetentionPolicy retention) {

    public Policy {
        selector = selector == null ? new Selector(null, null, null) : selector;
    }

    /** This policy's value of {@code setting}, or null when it leaves it out. */
    public Object value(Setting setting) {
        return switch (setting) {
            case SCHEDULE -> schedule == null || schedule.isEmpty() ? null : schedule;
            case STORES -> stores == null || stores.isEmpty() ? null : stores;
            case REPLICATE_TO -> replicateTo == null || replicateTo.isEmpty() ? null : replicateTo;
            case ENCRYPTION -> encryption;
            case EXPECTED_EVERY -> expectedEvery;
            case COMPRESSION -> compression;
            case COMPRESSION_LEVEL -> compressionLevel;
            case JOB_TIMEOUT -> jobTimeout;
            case DRILL -> drill;
            case RETENTION -> retention;
        };
    }
}
