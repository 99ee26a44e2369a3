package io.backuphub.transport;

import static io.backuphub.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A hung tool never holds a job for ever: deadline and stop kill it and its children, at once. */
class ProcessScopeTest {

    /** A command that prints nothing and never ends, with children of its own (told apart by {@code tag}). */
    private static Command hangs(int tag) {
        return Command.of("sh", "-c", "sleep " + tag + "1 & sleep " + tag + "2; wait");
    }

    @Test
    void theDeadlineKillsAHungCommandAndItsChildren() throws Exception {
        try (ProcessScope scope = ProcessScope.open("test", Duration.ofSeconds(1));
                RunningCommand hung = new LocalConnection(scope).start(hangs(7771))) {
            List<ProcessHandle> family = familyOf(7771);
            long started = System.nanoTime();
            // Blocks until the deadline kills the command: the read ends instead of waiting for ever.
            assertThat(readToEnd(hung.stdout())).isEqualTo(0);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            assertThat(scope.stopReason()).contains("did not finish within PT1S");
            await().atMost(Duration.ofSeconds(10)).until(() -> family.stream().noneMatch(ProcessHandle::isAlive));
            assertThatThrownBy(() -> hung.awaitSuccess(Duration.ofSeconds(5)))
                    .isInstanceOf(CommandFailedException.class)
                    .hasMessageStartingWith("sh exited with status");
        }
    }

    @Test
    void stopFromAnotherThreadEndsABlockedReadAndRefusesNewCommands() throws Exception {
        try (ProcessScope scope = ProcessScope.open("test", Duration.ofHours(1));
                RunningCommand hung = new LocalConnection(scope).start(hangs(7772))) {
            List<ProcessHandle> family = familyOf(7772);
            CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    return readToEnd(hung.stdout());
                } catch (IOException e) {
                    return -1;
                }
            });
            scope.stop("cancelled by test");
            assertThat(reader.get(20, TimeUnit.SECONDS)).isIn(0, -1);
            await().atMost(Duration.ofSeconds(10)).until(() -> family.stream().noneMatch(ProcessHandle::isAlive));
            assertThatThrownBy(() -> new LocalConnection(scope).start(Command.of("true")))
                    .isInstanceOf(ProcessScope.ScopeStoppedException.class).hasMessage("cancelled by test");
        }
    }

    @Test
    void closingTheScopeCancelsTheDeadline() throws Exception {
        ProcessScope scope = ProcessScope.open("test", Duration.ofMillis(300));
        scope.close();
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> scope.stopReason().isEmpty());
    }

    /** The shell and its two sleeps, once the shell has started them. */
    private static List<ProcessHandle> familyOf(int tag) {
        await().atMost(Duration.ofSeconds(10)).until(() -> family(tag).size() == 3);
        return family(tag);
    }

    private static List<ProcessHandle> family(int tag) {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("sleep " + tag)).orElse(false))
                .toList();
    }

    private static int readToEnd(InputStream in) throws IOException {
        int total = 0;
        byte[] buf = new byte[1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            total += n;
        }
        return total;
    }
}
