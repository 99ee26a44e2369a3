package io.backuphub.artifact;

/** An artifact was marked deleted in the catalog (a CDI event): the history mirror observes it. */
public record ArtifactDeleted(String artifactId) {
}
