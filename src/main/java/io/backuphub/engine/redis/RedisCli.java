package io.backuphub.engine.redis;

import io.backuphub.common.Secrets;
import io.backuphub.target.Target;
import io.backuphub.transport.Command;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code redis-cli} against a target's server, as its transport's host sees it. The password is
 * {@code REDISCLI_AUTH}, which redis-cli reads from its environment: a secret the transport passes
 * out of band, never an argument.
 */
final class RedisCli {

    static final int DEFAULT_PORT = 6379;

    private RedisCli() {
    }

    static Command command(Target target, String... args) throws IOException {
        Target.DatabaseSpec db = target.database();
        List<String> argv = new ArrayList<>(List.of("redis-cli", "-h", db.host(), "-p",
                String.valueOf(db.port() == null ? DEFAULT_PORT : db.port())));
        if (db.user() != null) {
            argv.add("--user");
            argv.add(db.user());
        }
        argv.addAll(List.of(args));
        return Secrets.resolve(db.passwordEnv(), db.passwordFile(), "database password")
                .map(password -> new Command(argv, Map.of("REDISCLI_AUTH", password)))
                .orElseGet(() -> new Command(argv, Map.of()));
    }
}
