package io.backuphub.engine.redis;

import io.backuphub.common.ConfigFiles;
import io.backuphub.common.FailureRules;
import io.backuphub.common.Problems;
import io.backuphub.common.SafeValues;
import io.backuphub.engine.CommandDump;
import io.backuphub.engine.Dump;
import io.backuphub.engine.DumpRequest;
import io.backuphub.engine.Engine;
import io.backuphub.engine.Restorer;
import io.backuphub.engine.Verification;
import io.backuphub.engine.VerifyRequest;
import io.backuphub.target.Target;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Redis: {@code redis-cli --rdb -} (the server's own snapshot, streamed as a replica would receive
 * it), verified with {@code redis-check-rdb} and fingerprinted per database; restored and drilled by
 * starting a {@code redis-server} on the RDB (docs/redis.md).
 */
@ApplicationScoped
public class RedisEngine implements Engine {

    private final RedisRestorer restorer = new RedisRestorer();

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public boolean hasSection() {
        return true;
    }

    /** The RDB holds every database of the server: no {@code name}. */
    @Override
    public Set<String> databaseFields() {
        return Set.of();
    }

    @Override
    public void validate(Target target, Problems problems) {
        Target.DatabaseSpec db = target.database();
        Problems at = problems.at("database");
        if (db.user() != null) {
            SafeValues.check(at, "user", SafeValues.USER, db.user());
        }
        RedisSettings settings = settings(target, problems.at(name()));
        if (settings.restoreDir() != null) {
            SafeValues.check(problems.at(name()), "restoreDir", SafeValues.ABSOLUTE_PATH, settings.restoreDir());
        }
    }

    static RedisSettings settings(Target target, Problems problems) {
        RedisSettings settings = ConfigFiles.section(target.section("redis"), RedisSettings.class, problems);
        return settings == null ? RedisSettings.NONE : settings;
    }

    @Override
    public String dumpExtension() {
        return "rdb";
    }

    @Override
    public Dump startDump(DumpRequest request) throws IOException {
        return CommandDump.start(request.connector(), RedisCli.command(request.target(), "--rdb", "-"),
                CommandDump::new);
    }

    /** The RDB version and the server's AUX fields: its version, word size and the snapshot's time. */
    @Override
    public Map<String, Object> describe(byte[] head) throws IOException {
        Rdb.Header header = Rdb.header(head);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("rdbVersion", header.version());
        Optional.ofNullable(header.aux().get("redis-ver")).ifPresent(v -> facts.put("serverVersion", v));
        Optional.ofNullable(header.aux().get("redis-bits")).ifPresent(v -> facts.put("bits", v));
        Optional.ofNullable(header.aux().get("ctime")).filter(v -> v.matches("\\d{1,12}"))
                .ifPresent(v -> facts.put("snapshotAt", Instant.ofEpochSecond(Long.parseLong(v)).toString()));
        return facts;
    }

    @Override
    public String restoreCommand() {
        return "cat > NEW_DATABASE/dump.rdb   (then redis-server --dir NEW_DATABASE --dbfilename dump.rdb; docs/redis.md)";
    }

    @Override
    public Verification verify(VerifyRequest request) {
        return RdbCheck.verify(request);
    }

    @Override
    public FailureRules failures() {
        return RedisFailures.RULES;
    }

    @Override
    public Optional<Restorer> restorer() {
        return Optional.of(restorer);
    }
}
