package io.backuphub.replication;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Copies to further stores: tries, waits and repair. */
@ConfigMapping(prefix = "hub.replication")
public interface ReplicationProperties {

    /** Tries of one copy within a replicate job before the copy is marked failed. */
    @WithDefault("3")
    int attempts();

    /** The wait after the first failed try, doubled after each. */
    @WithDefault("30s")
    Duration backoff();

    /**
     * How often the repair-copies route asks again for copies a target wants (its stores and
     * replicateTo) that failed: a store that was down gets them once it is back.
     */
    @WithDefault("1h")
    Duration repairInterval();

}
