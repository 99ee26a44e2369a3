package io.backuphub.pitr;

import io.backuphub.artifact.WriteIntents;
import io.backuphub.catalog.Db;
import io.backuphub.pipeline.BackupPipeline;
import io.backuphub.pipeline.EncodeResult;
import io.backuphub.pipeline.Encoding;
import io.backuphub.pipeline.FanOutOutputStream;
import io.backuphub.store.ArtifactStore;
import io.backuphub.store.ObjectKeys;
import io.backuphub.store.ObjectWriter;
import io.backuphub.store.StoreRegistry;
import io.backuphub.target.Target;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Moves completed WAL segments and timeline history files from a target's spool folder into its
 * stores, through the same pipeline as a dump (zstd, age for the target's recipients, SHA-256), each
 * write announced as the hub's intent first; the catalog row and the end of the intents are one
 * transaction, and only then is the spooled file removed. A crash at any point leaves the file in the
 * spool (archived again, or found already recorded) and never a stored object the catalog does not know.
 */
@ApplicationScoped
public class WalArchiver {

    private static final Logger LOG = Logger.getLogger(WalArchiver.class);
    /** TTTTTTTTXXXXXXXXYYYYYYYY: timeline, log and segment number, in hex. */
    static final Pattern SEGMENT = Pattern.compile("([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})");
    static final Pattern HISTORY = Pattern.compile("([0-9A-F]{8})\\.history");

    @Inject StoreRegistry stores;
    @Inject WriteIntents intents;
    @Inject BackupPipeline pipeline;
    @Inject WalStreams streams;
    @Inject Db db;

    /** Log positions the stored chain skips: a segment stored after one it does not follow. */
    public record Gap(String fromLsn, String toLsn, String segment) {
    }

    /** Archives every completed file in {@code spool}, oldest first; returns the gaps that opened on the way. */
    public List<Gap> archive(Target target, Path spool, String writer) throws IOException {
        List<Path> done;
        try (Stream<Path> files = Files.list(spool)) {
            done = files.filter(f -> SEGMENT.matcher(f.getFileName().toString()).matches()
                    || HISTORY.matcher(f.getFileName().toString()).matches()).sorted().toList();
        }
        List<Gap> gaps = new ArrayList<>();
        for (Path file : done) {
            String name = file.getFileName().toString();
            if (!streams.stored(target.id(), name)) {
                gapBefore(target, name, Files.size(file)).ifPresent(gaps::add);
                store(target, file, writer);
            }
            Files.delete(file);
        }
        return gaps;
    }

    /** The gap between the newest segment stored on the file's timeline and this one, if they do not meet. */
    private Optional<Gap> gapBefore(Target target, String name, long size) {
        Matcher segment = SEGMENT.matcher(name);
        if (!segment.matches()) {
            return Optional.empty();
        }
        WalStreams.Segment next = describe(target.id(), name, size, null, null, List.of());
        return streams.lastSegment(target.id(), next.timeline())
                .filter(last -> last.endLsn() != null && !last.endLsn().equals(next.startLsn())
                        && last.name().compareTo(name) < 0)
                .map(last -> new Gap(last.endLsn(), next.startLsn(), name));
    }

    private void store(Target target, Path file, String writer) throws IOException {
        String name = file.getFileName().toString();
        Encoding encoding = Encoding.of(target);
        String key = ObjectKeys.requireSafe(target.environment() + "/" + target.id() + "/wal/" + name.substring(0, 8)
                + "/" + name + encoding.suffix());
        Map<String, ObjectWriter> writers = new LinkedHashMap<>();
        try {
            for (String storeId : stores.idsFor(target.stores())) {
                try {
                    ArtifactStore store = stores.get(storeId);
                    writers.put(storeId, intents.createUnlessForeign(storeId, store, key, writer));
                } catch (IOException e) {
                    LOG.warnf("WAL %s of %s not written to store %s: %s", name, target.id(), storeId, e.getMessage());
                }
            }
            if (writers.isEmpty()) {
                throw new IOException("no store of target " + target.id() + " takes WAL " + name + " now");
            }
            Map<String, OutputStream> sinks = new LinkedHashMap<>();
            writers.forEach((id, w) -> sinks.put(id, w.stream()));
            FanOutOutputStream fanOut = new FanOutOutputStream(sinks);
            EncodeResult encoded;
            long size = Files.size(file);
            try (InputStream in = Files.newInputStream(file)) {
                encoded = pipeline.encode(in, encoding, fanOut, new AtomicLong());
            }
            List<String> held = new ArrayList<>();
            for (Map.Entry<String, ObjectWriter> w : writers.entrySet()) {
                if (fanOut.failure(w.getKey()).isEmpty()) {
                    w.getValue().commit();
                    held.add(w.getKey());
                } else {
                    w.getValue().abort();
                }
            }
            if (held.isEmpty()) {
                throw new IOException("every store failed to take WAL " + name);
            }
            // Received when pg_receivewal last wrote it (it completes a segment as its last bytes arrive),
            // not when this pass stored it: the recovery window's edge is the stream's, not the poll's.
            WalStreams.Segment segment = describe(target.id(), name, size, encoded, key, held,
                    Files.getLastModifiedTime(file).toInstant());
            db.transaction(c -> {
                streams.record(c, segment);
                for (String storeId : held) {
                    WriteIntents.release(c, storeId, key);
                }
                return null;
            });
            LOG.debugf("WAL %s of %s stored in %s", name, target.id(), held);
        } finally {
            writers.values().forEach(ObjectWriter::close); // aborts any writer not committed
        }
    }

    /** What the file holds: a segment's LSN range follows from its name and size; a history file has none. */
    static WalStreams.Segment describe(String targetId, String name, long size, EncodeResult encoded, String key,
            List<String> stores) {
        return describe(targetId, name, size, encoded, key, stores, Instant.now());
    }

    static WalStreams.Segment describe(String targetId, String name, long size, EncodeResult encoded, String key,
            List<String> stores, Instant received) {
        Matcher segment = SEGMENT.matcher(name);
        if (segment.matches()) {
            long log = Long.parseLong(segment.group(2), 16);
            long number = Long.parseLong(segment.group(3), 16);
            long start = (log << 32) + number * size;
            return new WalStreams.Segment(targetId, Integer.parseInt(segment.group(1), 16), name, "segment", lsn(start),
                    lsn(start + size), received, size, encoded == null ? 0 : encoded.storedBytes(),
                    encoded == null ? null : encoded.sha256(), key, stores);
        }
        Matcher history = HISTORY.matcher(name);
        history.matches();
        return new WalStreams.Segment(targetId, Integer.parseInt(history.group(1), 16), name, "history", null, null,
                received, size, encoded == null ? 0 : encoded.storedBytes(),
                encoded == null ? null : encoded.sha256(),
                key, stores);
    }

    /** PostgreSQL's way of writing an LSN: high and low 32 bits in hex, X/Y. */
    static String lsn(long position) {
        return Long.toHexString(position >>> 32).toUpperCase() + "/" + Long.toHexString(position & 0xFFFFFFFFL)
                .toUpperCase();
    }
}
