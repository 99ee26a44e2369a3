package io.backuphub.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.backuphub.notify.NotificationConfig;
import io.backuphub.retention.RetentionPolicy;
import io.backuphub.schedule.ScheduleDefaults;
import io.backuphub.target.Compression;
import io.backuphub.target.Target;
import java.time.Duration;
import java.util.List;

/**
 * Settings shared by every target a selector picks (docs/policies.md): each applies to a target that
 * does not set it itself. A setting left out here is not this policy's to give, unless the shipped
 * {@code template} it starts from gives it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Policy(
        String id,
        String description,
        String template,
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
        List<NotificationConfig.Rule> notifications,
        RetentionPolicy retention) {

    public Policy {
        selector = selector == null ? new Selector(null, null, null) : selector;
    }

    /** This policy with each setting it leaves out taken from {@code template}. */
    Policy over(Policy template) {
        return new Policy(id, description, template.id(), selector,
                schedule != null ? schedule : template.schedule(), stores != null ? stores : template.stores(),
                replicateTo != null ? replicateTo : template.replicateTo(),
                encryption != null ? encryption : template.encryption(),
                expectedEvery != null ? expectedEvery : template.expectedEvery(),
                compression != null ? compression : template.compression(),
                compressionLevel != null ? compressionLevel : template.compressionLevel(),
                jobTimeout != null ? jobTimeout : template.jobTimeout(), drill != null ? drill : template.drill(),
                notifications != null ? notifications : template.notifications(),
                retention != null ? retention : template.retention());
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
            case NOTIFICATIONS -> notifications == null || notifications.isEmpty() ? null : notifications;
            case RETENTION -> retention;
        };
    }
}
