package io.backuphub.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/** When the retention sweep runs and the zone its calendar counts in. */
@ConfigMapping(prefix = "hub.retention")
public interface RetentionProperties {

    /** When the sweep-retention route runs (cron, in hub.retention.timezone; read like a schedule's). */
    @WithDefault("0 30 3 * * ?")
    String cron();

    /** The zone days, weeks, months and years are counted in, and the sweep's cron runs in. */
    @WithDefault("UTC")
    ZoneId timezone();

    /**
     * No longer used: the retention sweep removed objects no backup in the catalog owned, other
     * people's included; now only writes the hub abandoned are removed (hub.store.abandoned-after).
     * Accepted so that an old setting does not stop the hub; a warning says it is ignored.
     */
    @Deprecated
    Optional<Duration> leftoverGrace();

}
