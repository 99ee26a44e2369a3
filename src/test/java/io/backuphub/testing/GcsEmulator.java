package io.backuphub.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Cloud Storage emulator of firebase-tools (../shared/tools/gcs-emulator: the real GCS JSON API
 * over HTTP) as a process on a random loopback port. Its first start installs firebase-tools from the
 * npm registry into a cache folder (about 80 s), later starts reuse it. Known limit: a resumable upload
 * in several chunks is finalized after the first one, so stores under test use a chunk size at least
 * the object's size. One emulator serves the whole test JVM ({@link #shared}; tests use buckets of
 * their own): a second start.sh re-installs the emulator's rules file under a running one, which
 * breaks it.
 */
public final class GcsEmulator {

    public static final String PROJECT = "demo-backup-hub";
    private static GcsEmulator shared;

    private final Process process;
    private final int port;

    private GcsEmulator(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The JVM's emulator, started on first use and stopped when the JVM exits. */
    public static synchronized GcsEmulator shared() throws IOException {
        if (shared == null) {
            shared = start();
            Thread stop = new Thread(shared::stop, "gcs-emulator-stop");
            Runtime.getRuntime().addShutdownHook(stop);
        }
        return shared;
    }

    private static GcsEmulator start() throws IOException {
        Path script = Path.of("../shared/tools/gcs-emulator/start.sh").toAbsolutePath().normalize();
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException("no GCS emulator at " + script + " (../shared/tools/gcs-emulator)");
        }
        String cache = System.getenv().getOrDefault("XDG_CACHE_HOME", System.getProperty("user.home") + "/.cache");
        Path work = Path.of(cache, "backup-hub", "gcs-emulator");
        int port = Processes.freePort();
        Process process = new ProcessBuilder(script.toString(), work.toString(), String.valueOf(port), PROJECT)
                .redirectErrorStream(true).start();
        // Its own thread: the common pool may be busy with (or blocked by) the rest of the JVM.
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            StringBuilder output = new StringBuilder();
            // Not try-with-resources: once READY, the reader belongs to the drain thread, and closing it
            // here would wait for that thread's read (it holds the reader's lock) forever.
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            try {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("READY")) {
                        Thread drain = new Thread(() -> {
                            try (lines) {
                                lines.transferTo(java.io.Writer.nullWriter());
                            } catch (IOException e) {
                                // the emulator stopped
                            }
                        });
                        drain.setDaemon(true);
                        drain.start();
                        return null;
                    }
                    output.append(line).append('\n');
                }
                lines.close();
            } catch (IOException e) {
                output.append(e.getMessage());
            }
            return output.toString();
        }, task -> {
            Thread thread = new Thread(task, "gcs-emulator-start");
            thread.setDaemon(true);
            thread.start();
        });
        try {
            String failure = ready.get(10, TimeUnit.MINUTES);
            if (failure != null) {
                throw new IOException("the GCS emulator did not start: " + failure);
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("the GCS emulator did not start: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException(e);
        }
        return new GcsEmulator(process, port);
    }

    public String host() {
        return "http://127.0.0.1:" + port;
    }

    private void stop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }
}
