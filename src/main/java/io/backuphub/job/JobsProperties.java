package io.backuphub.job;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How this process runs jobs: how many at once, how it proves they live, how long they may take. */
@ConfigMapping(prefix = "hub.jobs")
public interface JobsProperties {

    /** Jobs of different targets that run at once in this process. */
    @WithDefault("2")
    int maxConcurrent();

    /** How often the dispatcher looks for due jobs. */
    @WithDefault("1s")
    Duration pollInterval();

    /** How often a running job proves it is alive (and publishes bytes so far). */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /** A running job whose heartbeat is older than this belonged to a hub that died. */
    @WithDefault("2m")
    Duration staleAfter();

    /**
     * The longest a job may run (backup including its verification, or a verify job); then its tools
     * are killed and it fails. A target's jobTimeout overrides it.
     */
    @WithDefault("24h")
    Duration timeout();

}
