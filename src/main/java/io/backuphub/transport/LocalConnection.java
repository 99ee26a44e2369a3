package io.backuphub.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands on the hub's own host with ProcessBuilder: no shell, secrets in the environment.
 * Every command belongs to a {@link ProcessScope}; stopping or closing it kills the command and its
 * children.
 */
public final class LocalConnection implements Connection {

    private final ProcessScope scope;
    private final ClosingTasks closing = new ClosingTasks();

    public LocalConnection(ProcessScope scope) {
        this.scope = scope;
    }

    @Override
    public RunningCommand start(Command command) throws IOException {
        scope.checkRunning();
        ProcessBuilder builder = new ProcessBuilder(command.argv());
        builder.environment().putAll(command.env());
        builder.environment().putAll(command.secretEnv());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot start " + command.program() + " on the hub's host: " + e.getMessage(), e);
        }
        return scope.register(new LocalCommand(command.program(), process, scope));
    }

    @Override
    public InetSocketAddress forward(String host, int port) {
        return new InetSocketAddress(host, port);
    }

    @Override
    public void whenClosing(Runnable task) {
        closing.add(task);
    }

    @Override
    public void close() {
        // Nothing else to release: every command owns its process.
        closing.runAll();
    }

    private static final class LocalCommand extends StartedCommand {

        private final String program;
        private final Process process;

        LocalCommand(String program, Process process, ProcessScope scope) {
            super(program, "", scope, process.getErrorStream());
            this.program = program;
            this.process = process;
        }

        @Override
        public InputStream stdout() {
            return process.getInputStream();
        }

        @Override
        public OutputStream stdin() {
            return process.getOutputStream();
        }

        @Override
        protected boolean awaitEnd(Duration timeout) throws IOException {
            try {
                return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new IOException(program + " was interrupted", e);
            }
        }

        @Override
        protected String failure() {
            int exit = process.exitValue();
            return exit == 0 ? null : "exited with status " + exit;
        }

        @Override
        protected void end() {
            if (process.isAlive()) {
                // The command first, then its children (listed before it dies, when they are still
                // its descendants): killed children first would let it end as if it had succeeded.
                List<ProcessHandle> children = process.descendants().toList();
                process.destroy();
                children.forEach(ProcessHandle::destroy);
                try {
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        kill();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    kill();
                }
            }
            closeQuietly(process.getInputStream());
            closeQuietly(process.getOutputStream());
        }

        /** SIGKILL to the command and everything it started. */
        @Override
        protected void kill() {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }

        private static void closeQuietly(java.io.Closeable c) {
            try {
                c.close();
            } catch (IOException ignored) {
                // Closing a dead process's pipe has nothing to report.
            }
        }

        @Override
        public String toString() {
            return program + " (pid " + process.pid() + ")";
        }
    }
}
