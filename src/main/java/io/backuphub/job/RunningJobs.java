package io.backuphub.job;

import io.backuphub.common.HubConfig;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import io.backuphub.transport.ProcessScope;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.spi.CamelEvent;

/**
 * The jobs this hub is running right now, each with the {@link ProcessScope} its tools run in: the
 * job's deadline (the target's jobTimeout, else hub.jobs.timeout) kills them, and so do a cancel
 * and the hub's shutdown, so no job can hold its target, a worker or the hub's exit for ever.
 */
@ApplicationScoped
public class RunningJobs {

    static final String SHUTTING_DOWN = "the hub is shutting down";

    private final Duration defaultTimeout;
    private final TargetRegistry targets;
    private final Map<String, ProcessScope> scopes = new ConcurrentHashMap<>();

    public RunningJobs(HubConfig config, TargetRegistry targets) {
        this.defaultTimeout = config.jobs().timeout();
        this.targets = targets;
    }

    ProcessScope start(Job job) {
        Duration limit = targets.find(job.targetId()).map(Target::jobTimeout).orElse(null);
        ProcessScope scope = ProcessScope.open(job.kind().id() + " job " + job.id(),
                limit != null ? limit : defaultTimeout);
        ProcessScope previous = scopes.put(job.id(), scope);
        if (previous != null) {
            previous.close();
        }
        return scope;
    }

    /** The scope of a job running here; a job not (or no longer) running here gets a stopped one. */
    public ProcessScope scope(String jobId) {
        ProcessScope scope = scopes.get(jobId);
        if (scope == null) {
            scope = ProcessScope.open("job " + jobId, null);
            scope.stop("the job is not running on this hub");
        }
        return scope;
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
        ProcessScope scope = scopes.get(jobId);
        return scope == null ? Optional.empty() : scope.stopReason();
    }

    /** Stops a job running here; false if it is not running here. */
    boolean stop(String jobId, String reason) {
        ProcessScope scope = scopes.get(jobId);
        if (scope == null) {
            return false;
        }
        scope.stop(reason);
        return true;
    }

    void end(String jobId) {
        ProcessScope scope = scopes.remove(jobId);
        if (scope != null) {
            scope.close();
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
        scopes.values().forEach(scope -> scope.stop(SHUTTING_DOWN));
    }
}
