package io.backuphub.restore;

import io.backuphub.artifact.Artifact;
import io.backuphub.engine.Connector;
import io.backuphub.engine.Restorer;
import io.backuphub.target.Target;
import java.time.Instant;
import java.util.List;

/** A drill between the run-drill route's steps: what it restores, where, and what it found. */
final class StagedDrill {

    final Drill drill;
    final Target source;
    final Target scratch;
    final Artifact artifact;
    final Restorer restorer;
    final Connector connector;
    final String database;
    final Instant startedAt;
    Instant restoreStartedAt;
    Instant checkedAt;
    boolean created;
    List<String> differences;

    StagedDrill(Drill drill, Target source, Target scratch, Artifact artifact, Restorer restorer, Connector connector,
            String database, Instant startedAt) {
        this.drill = drill;
        this.source = source;
        this.scratch = scratch;
        this.artifact = artifact;
        this.restorer = restorer;
        this.connector = connector;
        this.database = database;
        this.startedAt = startedAt;
    }
}
