package io.backuphub.target;

/** A CDI event: the targets (and the policies they take settings from) were read anew and are in use. */
public record TargetsLoaded(int count) {
}
