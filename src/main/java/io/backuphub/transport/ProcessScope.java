package io.backuphub.transport;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Everything one job has running outside the JVM — commands and the connections they run on — with
 * a deadline. {@link #stop} (on cancel, at the deadline, or when the hub shuts down) kills every
 * command with its children and closes every connection, so a step blocked on a tool's output
 * fails at once instead of waiting for ever. Connections register what they start here; a scope
 * that was stopped refuses to start anything more.
 */
public final class ProcessScope implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ProcessScope.class);
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "process-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    private final String name;
    /** In the order registered: stopped last-first, so commands go before the connections they run on. */
    private final Set<Closeable> running = Collections.synchronizedSet(new LinkedHashSet<>());
    private final ScheduledFuture<?> deadline;
    private volatile String stopReason;

    private ProcessScope(String name, Duration limit) {
        this.name = name;
        this.deadline = limit == null ? null : DEADLINES.schedule(
                () -> stop("did not finish within " + limit), limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A scope whose processes are stopped once {@code limit} has passed. */
    public static ProcessScope open(String name, Duration limit) {
        return new ProcessScope(name, limit);
    }

    /** Tracks {@code resource} until {@link #release}; refuses (and closes it) once the scope is stopped. */
    public <T extends Closeable> T register(T resource) throws IOException {
        running.add(resource);
        String reason = stopReason;
        if (reason != null) {
            running.remove(resource);
            closeQuietly(resource);
            throw new ScopeStoppedException(reason);
        }
        return resource;
    }

    public void release(Closeable resource) {
        running.remove(resource);
    }

    /** Stops everything running in the scope; the first reason given is the one kept. */
    public void stop(String reason) {
        synchronized (this) {
            if (stopReason == null) {
                stopReason = reason;
            }
        }
        List<Closeable> toClose = lastFirst();
        if (!toClose.isEmpty()) {
            LOG.warnf("%s: stopping %d running command(s)/connection(s): %s", name, toClose.size(), reason);
        }
        toClose.forEach(ProcessScope::closeQuietly);
    }

    /** Why the scope was stopped, if it was. */
    public Optional<String> stopReason() {
        return Optional.ofNullable(stopReason);
    }

    /** Throws if the scope was stopped: steps call it between their parts. */
    public void checkRunning() throws ScopeStoppedException {
        String reason = stopReason;
        if (reason != null) {
            throw new ScopeStoppedException(reason);
        }
    }

    /** The work is over: cancels the deadline (what is still registered is closed). */
    @Override
    public void close() {
        if (deadline != null) {
            deadline.cancel(false);
        }
        lastFirst().forEach(ProcessScope::closeQuietly);
        running.clear();
    }

    private List<Closeable> lastFirst() {
        List<Closeable> copy;
        synchronized (running) {
            copy = new ArrayList<>(running);
        }
        Collections.reverse(copy);
        return copy;
    }

    private static void closeQuietly(Closeable resource) {
        try {
            resource.close();
        } catch (IOException | RuntimeException e) {
            LOG.debugf("closing %s: %s", resource, e.getMessage());
        }
    }

    /** The scope was stopped (cancelled, past its deadline, or the hub is shutting down). */
    public static final class ScopeStoppedException extends IOException {

        public ScopeStoppedException(String reason) {
            super(reason);
        }
    }
}
