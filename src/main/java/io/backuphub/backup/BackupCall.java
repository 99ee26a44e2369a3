package io.backuphub.backup;

import io.backuphub.job.JobTrigger;

/** A backup asked for by any trigger (API, schedule, webhook): the body of direct:request-backup. */
public record BackupCall(String targetId, BackupRequest request, JobTrigger trigger, String triggerRef, String actor) {
}
