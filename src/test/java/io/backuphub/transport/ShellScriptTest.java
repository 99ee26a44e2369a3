package io.backuphub.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What reaches the remote shell: run the rendered script through a real /bin/sh and check that every
 * hostile argument arrives as one literal argument and nothing else runs.
 */
class ShellScriptTest {

    @TempDir Path tmp;

    @Test
    void hostileArgumentsArriveVerbatimAndNothingRuns() throws Exception {
        Path canary = tmp.resolve("pwned");
        List<String> hostile = List.of(
                "x; touch " + canary,
                "$(touch " + canary + ")",
                "`touch " + canary + "`",
                "it's \"quoted\"",
                "a\nb",
                "&& touch " + canary + " ||",
                "--dbname=host=evil",
                "*",
                "");
        List<String> argv = new java.util.ArrayList<>(List.of("printf", "[%s]\\n"));
        argv.addAll(hostile);
        String out = runThroughShell(new Command(argv, Map.of()), "");

        StringBuilder expected = new StringBuilder();
        hostile.forEach(a -> expected.append('[').append(a).append("]\n"));
        assertThat(out).isEqualTo(expected.toString());
        assertThat(canary).doesNotExist();
    }

    @Test
    void secretsTravelOnStdinIntoTheEnvironmentNotTheCommandLine() throws Exception {
        String secret = "p@ss w'rd $(touch x) \"";
        Command command = new Command(List.of("sh", "-c", "printf '%s' \"$PGPASSWORD\""), Map.of("PGPASSWORD", secret));
        String script = ShellScript.render(command);
        assertThat(script).doesNotContain("p@ss");
        assertThat(runThroughShell(command, new String(ShellScript.secretPreamble(command), StandardCharsets.UTF_8)))
                .isEqualTo(secret);
    }

    @Test
    void secretsWithLineBreaksAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new Command(List.of("true"), Map.of("PGPASSWORD", "a\nb")))
                .hasMessageContaining("line break");
    }

    /** As sshd does: the login shell runs the command string with -c. */
    private static String runThroughShell(Command command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", ShellScript.render(command)).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor()).as(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void localCommandReportsExitStatusAndStderr() throws IOException {
        try (ProcessScope scope = ProcessScope.open("test", Duration.ofMinutes(1));
                LocalConnection local = new LocalConnection(scope);
                RunningCommand cmd = local.start(
                        Command.of("sh", "-c", "echo partial; echo 'pg_dump: error: boom' >&2; exit 3"))) {
            assertThat(new String(cmd.stdout().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("partial\n");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> cmd.awaitSuccess(Duration.ofSeconds(10)))
                    .isInstanceOf(CommandFailedException.class)
                    .hasMessage("sh exited with status 3: pg_dump: error: boom");
        }
    }

    @Test
    void stderrExcerptKeepsBothEndsOfALongOutput() throws IOException {
        try (ProcessScope scope = ProcessScope.open("test", Duration.ofMinutes(1));
                LocalConnection local = new LocalConnection(scope);
                RunningCommand cmd = local.start(Command.of("sh", "-c",
                        "echo FIRST >&2; i=0; while [ $i -lt 5000 ]; do echo noise-noise-noise >&2; i=$((i+1)); done;"
                                + " echo LAST >&2; exit 1"))) {
            cmd.stdout().readAllBytes();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> cmd.awaitSuccess(Duration.ofSeconds(10)))
                    .hasMessageStartingWith("sh exited with status 1: FIRST")
                    .hasMessageContaining("bytes of stderr omitted")
                    .hasMessageEndingWith("LAST");
            assertThat(cmd.stderr().length()).isLessThan(StderrExcerpt.HEAD + StderrExcerpt.TAIL + 200);
        }
    }

    @Test
    void shellScriptFileIsNotNeeded() throws IOException {
        // The rendered script is one line: nothing is written to the remote host's disk.
        assertThat(ShellScript.render(new Command(List.of("pg_dump", "--dbname=x"), Map.of("PGPASSWORD", "s"))))
                .isEqualTo("IFS= read -r PGPASSWORD && export PGPASSWORD && exec 'pg_dump' '--dbname=x'");
    }
}
