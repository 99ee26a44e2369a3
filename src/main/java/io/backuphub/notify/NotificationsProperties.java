package io.backuphub.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Channels and rules, and how the outbox delivers. */
@ConfigMapping(prefix = "hub.notifications")
public interface NotificationsProperties {

    /** Channels and rules (YAML). */
    @WithDefault("config/notifications.yaml")
    Path file();

    /** Apply the notifications file when it changes. */
    @WithDefault("true")
    boolean watch();

    /** How often the outbox is checked for messages to send. */
    @WithDefault("2s")
    Duration pollInterval();

    /** Waits between delivery attempts; after the last, a notification is failed for good. */
    @WithDefault("30s,2m,10m,1h,6h")
    List<Duration> retryDelays();

    /** When daily digests are sent (cron, UTC; read like a schedule's, see CronSpec). */
    @WithDefault("0 0 8 * * ?")
    String digestCron();

    /** How often targets are checked for an overdue backup. */
    @WithDefault("5m")
    Duration overdueCheckInterval();

}
