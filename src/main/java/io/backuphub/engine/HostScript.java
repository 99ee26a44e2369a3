package io.backuphub.engine;

import io.backuphub.transport.Command;
import io.backuphub.transport.Connection;
import io.backuphub.transport.RunningCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A short POSIX shell script run on a target's host ({@code mkdir}, {@code rm -rf} of a restored
 * folder). Values reach it only as {@code $1, $2...}: the script is a constant and nothing is ever
 * spliced into it, so no value can become shell syntax.
 */
public final class HostScript {

    private static final Duration WAIT = Duration.ofMinutes(2);

    private HostScript() {
    }

    /** The command that runs {@code script} with {@code args} as its positional parameters. */
    public static Command command(String script, String... args) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        argv.addAll(List.of(args));
        return new Command(argv, Map.of());
    }

    /** Runs {@code script} on a new connection and returns its stdout; throws with its stderr if it fails. */
    public static String run(Connector connector, String script, String... args) throws IOException {
        try (Connection connection = connector.connect();
                RunningCommand command = connection.start(command(script, args))) {
            String out = new String(command.stdout().readAllBytes(), StandardCharsets.UTF_8);
            command.awaitSuccess(WAIT);
            return out;
        }
    }
}
