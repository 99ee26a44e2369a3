package io.backuphub.engine.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.target.Target;
import io.backuphub.transport.Command;
import io.backuphub.transport.LocalConnection;
import io.backuphub.transport.ProcessScope;
import io.backuphub.transport.RunningCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The password reaches the tool as its --config file on fd 3, never as an argument. */
class MongoToolsTest {

    private static final String PASSWORD = "p\"w'd $(touch /tmp/pwned) \\ `id` ü";

    @Test
    void thePasswordIsTheToolsConfigOnFd3AndNeverAnArgument() throws Exception {
        Path dir = Files.createTempDirectory("mongo-tools-");
        Path passwordFile = Files.writeString(dir.resolve("password"), PASSWORD + "\n");
        // A stand-in for mongodump that prints its arguments and the config file it was given.
        Path tool = Files.writeString(dir.resolve("fake-mongodump"), """
                #!/bin/sh
                for a in "$@"; do echo "arg $a"; done
                config=$(for a in "$@"; do case $a in --config=*) echo "${a#--config=}";; esac; done)
                cat "$config"
                """);
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        Target target = new Target("m", "mongodb", "dev", null, new Target.DatabaseSpec("127.0.0.1", 27018, "backup",
                null, passwordFile.toString(), "shop", "admin"), null, null, null, null, null, null, null, null, null,
                null,
                null, null, null);

        Command command = MongoTools.command(tool.toString(), target, List.of("--archive", "--db=shop"));
        assertThat(command.argv()).noneMatch(a -> a.contains("p\"w"));
        assertThat(command.toString()).doesNotContain("p\"w");

        String out;
        try (ProcessScope scope = ProcessScope.open("test", Duration.ofMinutes(1));
                RunningCommand running = new LocalConnection(scope).start(command)) {
            out = new String(running.stdout().readAllBytes(), StandardCharsets.UTF_8);
            running.awaitSuccess(Duration.ofSeconds(30));
        }
        assertThat(out).contains("arg --host=127.0.0.1", "arg --port=27018", "arg --username=backup",
                "arg --authenticationDatabase=admin", "arg --archive", "arg --db=shop", "arg --config=/dev/fd/3");
        assertThat(out.lines().filter(l -> l.startsWith("arg ")).toList()).noneMatch(l -> l.contains("p\"w"));
        assertThat(out).contains("password: " + MongoTools.yamlString(PASSWORD));
        assertThat(Path.of("/tmp/pwned")).doesNotExist();
    }

    @Test
    void yamlStringsEscapeQuotesBackslashesAndControlCharacters() {
        assertThat(MongoTools.yamlString("a\"b\\c\td")).isEqualTo("\"a\\\"b\\\\c\\u0009d\"");
    }
}
