package io.backuphub.housekeeping;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long the hub keeps its own working records (sent notifications, received CI deliveries). */
@ConfigMapping(prefix = "hub.history")
public interface HistoryProperties {

    /** Finished notifications and webhook deliveries older than this are deleted. Jobs and audit stay. */
    @WithDefault("90d")
    Duration keep();

    /** When the prune-history route runs (cron, UTC). */
    @WithDefault("0 45 3 * * ?")
    String pruneCron();

}
