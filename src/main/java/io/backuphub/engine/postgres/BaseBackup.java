package io.backuphub.engine.postgres;

import io.backuphub.common.Secrets;
import io.backuphub.target.Target;
import io.backuphub.transport.Command;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A physical base backup for point-in-time recovery (docs/pitr.md): {@code pg_basebackup} on the
 * target's host, the whole cluster as one tar stream on stdout, without WAL (the hub's WAL receiver
 * has it), after a fast checkpoint, with a CRC32C manifest at the end of the tar. It logs in as the
 * replication user ({@code pitr.user}, else the database user). Its first entry is
 * {@code backup_label}, which {@link #describe} reads from the stream's first bytes.
 */
final class BaseBackup {

    /** What the manifest's {@code source.kind} says for a base backup (a dump has none, or "dump"). */
    static final String KIND = "base";
    private static final int TAR_BLOCK = 512;

    private BaseBackup() {
    }

    static boolean requested(Map<String, Object> options) {
        return KIND.equals(options.get("kind"));
    }

    static boolean isBase(Map<String, Object> source) {
        return KIND.equals(source.get("kind"));
    }

    /** The pg_basebackup argv: every value validated when the targets file was read; the password out of band. */
    static Command command(Target target) throws IOException {
        Target.DatabaseSpec db = target.database();
        Target.PitrSpec pitr = target.pitr();
        String user = pitr != null && pitr.user() != null ? pitr.user() : db.user();
        Optional<String> password = pitr != null && pitr.user() != null
                ? Secrets.resolve(pitr.passwordEnv(), pitr.passwordFile(), "pitr password")
                : Secrets.resolve(db.passwordEnv(), db.passwordFile(), "database password");
        List<String> argv = List.of("pg_basebackup", "--no-password",
                "--host=" + db.host(),
                "--port=" + (db.port() == null ? PostgresEngine.DEFAULT_PORT : db.port()),
                "--username=" + user,
                "--pgdata=-", "--format=tar", "--wal-method=none", "--checkpoint=fast",
                "--manifest-checksums=CRC32C", "--label=backup-hub " + target.id());
        return new Command(argv, password.map(p -> Map.of("PGPASSWORD", p)).orElse(Map.of()));
    }

    /** Whether the stream starts with a tar header (ustar magic at byte 257). */
    static boolean looksLikeTar(byte[] head) {
        return head.length >= TAR_BLOCK && "ustar".equals(new String(head, 257, 5, StandardCharsets.US_ASCII));
    }

    /**
     * The manifest's {@code source} of a base: kind, format and what backup_label says (where WAL
     * replay must start, on which timeline, when the backup began).
     */
    static Map<String, Object> describe(byte[] head) throws IOException {
        String name = new String(head, 0, 100, StandardCharsets.US_ASCII).replace("\0", "");
        if (!"backup_label".equals(name)) {
            throw new IOException("pg_basebackup's tar does not start with backup_label (it starts with " + name + ")");
        }
        int size = Integer.parseInt(new String(head, 124, 11, StandardCharsets.US_ASCII).trim(), 8);
        if (TAR_BLOCK + size > head.length) {
            throw new IOException("backup_label is larger than the first " + head.length + " bytes of the tar");
        }
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("kind", KIND);
        source.put("format", "tar");
        source.putAll(BackupLabel.parse(new String(head, TAR_BLOCK, size, StandardCharsets.UTF_8)).asSource());
        return source;
    }
}
