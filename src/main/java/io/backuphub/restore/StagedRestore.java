package io.backuphub.restore;

import io.backuphub.engine.Connector;

/**
 * A restore between the run-restore route's steps: the plan it runs on, how to reach the destination,
 * and what it has made there so far. A run that ends before {@code finished} drops {@code created}.
 */
public final class StagedRestore {

    final RestorePlanner.Resolved plan;
    final Connector destination;
    /** The database pg_restore fills: the new database, or for replace the side database swapped in at the end. */
    final String into;
    String created;
    boolean finished;
    /** While the safety backup runs: stops it when the restore is stopped. */
    java.io.Closeable safetyLink;

    StagedRestore(RestorePlanner.Resolved plan, Connector destination, String into) {
        this.plan = plan;
        this.destination = destination;
        this.into = into;
    }

    /** For the route's choices: true when a live database is replaced (safety backup, swap). */
    public boolean isReplace() {
        return plan.replace();
    }

    /** The artifact restored. */
    public io.backuphub.artifact.Artifact artifact() {
        return plan.artifact();
    }
}
