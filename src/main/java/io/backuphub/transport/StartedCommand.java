package io.backuphub.transport;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * What a command started on any transport shares: its stderr kept as an excerpt, a wait that kills it
 * at the deadline, a failure that names the program, where it ran and what it said, and its place in
 * the job's {@link ProcessScope}. A transport says only how to wait, stop and read the exit.
 */
abstract class StartedCommand implements RunningCommand {

    /** How long stderr may still be read after the command ended (its last lines explain a failure). */
    private static final long STDERR_DRAIN_MILLIS = 2000;

    private final String program;
    private final String where;
    private final ProcessScope scope;
    private final StderrExcerpt stderr;

    /** {@code where} completes a message about the program ("" on the hub's host, " on user@host:22"). */
    StartedCommand(String program, String where, ProcessScope scope, InputStream stderr) {
        this.program = program;
        this.where = where;
        this.scope = scope;
        this.stderr = new StderrExcerpt(stderr, program + "-stderr");
    }

    /** Waits for the command to end; false when {@code timeout} passed first. */
    protected abstract boolean awaitEnd(Duration timeout) throws IOException;

    /** Stops the command for good (and what it started), at once. */
    protected abstract void kill();

    /** Why the ended command failed ("exited with status 1"), or null when it succeeded. */
    protected abstract String failure();

    /** Stops the command if it still runs, gently first, and releases what it holds. */
    protected abstract void end();

    @Override
    public final void awaitSuccess(Duration timeout) throws IOException {
        if (!awaitEnd(timeout)) {
            kill();
            throw new CommandFailedException(program, "did not finish within " + timeout + where, stderr());
        }
        stderr.awaitEnd(STDERR_DRAIN_MILLIS);
        String failure = failure();
        if (failure != null) {
            throw new CommandFailedException(program, failure + where, stderr());
        }
    }

    @Override
    public final String stderr() {
        return stderr.text();
    }

    @Override
    public final void close() {
        scope.release(this);
        end();
    }

    @Override
    public String toString() {
        return program + where;
    }
}
