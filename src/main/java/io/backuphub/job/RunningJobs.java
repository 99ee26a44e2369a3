package io.backuphub.job;

import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import io.backuphub.transport.ProcessScope;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.camel.spi.CamelEvent;

/**
 * The jobs this hub is running right now — the one owner of their running state: the
 * {@link ProcessScope} each job's tools run in (the job's deadline, the target's jobTimeout else
 * hub.jobs.timeout, kills them, and so do a cancel and the hub's shutdown, so no job can hold its
 * target, a worker or the hub's exit for ever), the bytes it has moved so far (published by the
 * heartbeat), and what to undo should it fail (a database it created).
 */
@ApplicationScoped
public class RunningJobs {

    static final String SHUTTING_DOWN = "the hub is shutting down";

    private final Duration defaultTimeout;
    private final TargetRegistry targets;
    private final Map<String, Running> jobs = new ConcurrentHashMap<>();

    /** One running job's state. */
    private record Running(ProcessScope scope, AtomicLong bytes, List<Consumer<String>> undos) {
    }

    public RunningJobs(JobsProperties config, TargetRegistry targets) {
        this.defaultTimeout = config.timeout();
        this.targets = targets;
    }

    ProcessScope start(Job job) {
        Duration limit = targets.find(job.targetId()).map(Target::jobTimeout).orElse(null);
        ProcessScope scope = ProcessScope.open(job.kind().id() + " job " + job.id(),
                limit != null ? limit : defaultTimeout);
        Running previous = jobs.put(job.id(), new Running(scope, new AtomicLong(), new CopyOnWriteArrayList<>()));
        if (previous != null) {
            previous.scope().close();
        }
        return scope;
    }

    /** Bytes the job has moved so far, updated by its pipeline; a job not running here gets a counter of its own. */
    public AtomicLong progress(String jobId) {
        Running running = jobs.get(jobId);
        return running == null ? new AtomicLong() : running.bytes();
    }

    /** Bytes moved so far by a job running on this hub; null when it does not run here. */
    public Long bytesSoFar(String jobId) {
        Running running = jobs.get(jobId);
        return running == null ? null : running.bytes().get();
    }

    /** The bytes of every job running here, for the heartbeat. */
    Map<String, Long> progressOfAll() {
        Map<String, Long> all = new java.util.HashMap<>();
        jobs.forEach((id, running) -> all.put(id, running.bytes().get()));
        return all;
    }

    /**
     * Something to undo or record if the job fails (a database it created), run with the reason before
     * the failure is recorded.
     */
    public void onFailure(String jobId, Consumer<String> undo) {
        Running running = jobs.get(jobId);
        if (running != null) {
            running.undos().add(undo);
        }
    }

    /** What to undo for a job that failed. */
    List<Consumer<String>> undos(String jobId) {
        Running running = jobs.get(jobId);
        return running == null ? List.of() : running.undos();
    }

    /** The scope of a job running here; a job not (or no longer) running here gets a stopped one. */
    public ProcessScope scope(String jobId) {
        Running running = jobs.get(jobId);
        if (running == null) {
            ProcessScope stopped = ProcessScope.open("job " + jobId, null);
            stopped.stop("the job is not running on this hub");
            return stopped;
        }
        return running.scope();
    }

    /**
     * Ties {@code child}, a job run inside {@code parent} (a restore's safety backup), to the parent:
     * stopping the parent (cancel, deadline) stops the child. Release the returned link from the
     * parent's scope once the child has ended.
     */
    public java.io.Closeable stopsWith(String parentId, String childId) throws java.io.IOException {
        java.io.Closeable link = () -> stop(childId, "job " + parentId + ", which it ran for, was stopped");
        return scope(parentId).register(link);
    }

    /** Why the job's tools were stopped, if they were. */
    Optional<String> stopReason(String jobId) {
        Running running = jobs.get(jobId);
        return running == null ? Optional.empty() : running.scope().stopReason();
    }

    /** Stops a job running here; false if it is not running here. */
    boolean stop(String jobId, String reason) {
        Running running = jobs.get(jobId);
        if (running == null) {
            return false;
        }
        running.scope().stop(reason);
        return true;
    }

    void end(String jobId) {
        Running running = jobs.remove(jobId);
        if (running != null) {
            running.scope().close();
        }
    }

    /**
     * Camel waits for running exchanges before it stops; stopping the tools first lets those exchanges
     * fail at once, so the hub exits within its shutdown timeout even while a tool hangs.
     */
    void onCamelStopping(@Observes CamelEvent.CamelContextStoppingEvent event) {
        stopAll();
    }

    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        stopAll();
    }

    private void stopAll() {
        jobs.values().forEach(running -> running.scope().stop(SHUTTING_DOWN));
    }
}
