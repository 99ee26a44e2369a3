package io.backuphub.notify;

import io.backuphub.catalog.Db;
import io.backuphub.job.Job;
import io.backuphub.job.JobRepository;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The check-overdue route's step: a target with no successful backup within its expectedEvery is
 * overdue, and people hear it once per episode (until its next successful backup), not every check.
 */
@ApplicationScoped
@Named("overdueCheck")
public class OverdueCheck {

    @Inject TargetRegistry targets;
    @Inject JobRepository jobs;
    @Inject Db db;
    @Inject Notifications notifications;
    private final Instant started = Instant.now();

    public int check() {
        Instant now = Instant.now();
        int notified = 0;
        for (Target target : targets.all()) {
            Instant lastSuccess = jobs.lastSucceededBackup(target.id()).map(Job::finishedAt).orElse(null);
            // A target never backed up is measured from the hub's start, so a fresh hub does not cry wolf.
            Instant since = lastSuccess != null ? lastSuccess : started;
            if (since.plus(target.expectedEvery()).isAfter(now)) {
                continue;
            }
            Optional<Notice> notice = db.queryOne("SELECT last_success_at FROM overdue_notices WHERE target_id = ?",
                    rs -> new Notice(Db.instant(rs, "last_success_at")), target.id());
            if (notice.isPresent() && Objects.equals(notice.get().lastSuccessAt(), lastSuccess)) {
                continue; // already told for this episode
            }
            db.update("DELETE FROM overdue_notices WHERE target_id = ?", target.id());
            db.update("INSERT INTO overdue_notices (target_id, last_success_at, notified_at) VALUES (?,?,?)",
                    target.id(), lastSuccess, now);
            notifications.publish(Event.of(EventType.TARGET_OVERDUE, target.id(), target.environment())
                    .status("overdue").at(now)
                    .error(lastSuccess == null ? "no successful backup yet"
                            : "no successful backup since " + lastSuccess)
                    .detail(Map.of("expectedEvery", target.expectedEvery().toString())).build());
            notified++;
        }
        return notified;
    }

    /** The episode already notified: the last success it was measured from (null: none yet). */
    private record Notice(Instant lastSuccessAt) {
    }
}
