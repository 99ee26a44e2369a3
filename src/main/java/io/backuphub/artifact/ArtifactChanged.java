package io.backuphub.artifact;

/**
 * A recorded artifact changed outside a job — deleted, pinned or unpinned, flagged suspicious or
 * acknowledged (a CDI event): the history mirror observes it.
 */
public record ArtifactChanged(String artifactId) {
}
