package io.backuphub.restore;

/** A drill ended (a CDI event): metrics observe it. */
public record DrillRecorded(Drill drill) {
}
