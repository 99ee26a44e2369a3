package io.backuphub.job;

import io.backuphub.artifact.VerificationState;

/**
 * A job ended (a CDI event): notifications and metrics observe it, so the job package calls neither.
 * {@code verification} and {@code verificationSummary} describe the artifact the job stored or checked;
 * {@code bytes} is what a backup stored.
 */
public record JobFinished(Job job, JobStatus status, VerificationState verification, String verificationSummary,
        String error, Long bytes) {
}
