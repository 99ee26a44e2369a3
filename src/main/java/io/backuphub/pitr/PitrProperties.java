package io.backuphub.pitr;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Continuous WAL: how often receivers are looked after, their lease across replicas, their retries. */
@ConfigMapping(prefix = "hub.pitr")
public interface PitrProperties {

    /** How often the stream-wal route checks receivers, stores completed segments and reads the slots. */
    @WithDefault("5s")
    Duration checkInterval();

    /** How long a replica's claim to stream a target lasts unless renewed (another replica takes over after). */
    @WithDefault("30s")
    Duration lease();

    /** The longest wait between tries of a receiver that keeps failing (doubled from 1 s). */
    @WithDefault("5m")
    Duration maxBackoff();
}
