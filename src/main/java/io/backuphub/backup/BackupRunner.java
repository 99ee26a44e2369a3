package io.backuphub.backup;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactCopy;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.artifact.CopyStatus;
import io.backuphub.artifact.Manifest;
import io.backuphub.artifact.VerificationState;
import io.backuphub.artifact.WriteIntents;
import io.backuphub.catalog.CatalogIdentity;
import io.backuphub.common.Ids;
import io.backuphub.common.Json;
import io.backuphub.engine.Dump;
import io.backuphub.engine.DumpRequest;
import io.backuphub.engine.Engine;
import io.backuphub.engine.Engines;
import io.backuphub.job.Job;
import io.backuphub.job.JobLifecycle;
import io.backuphub.job.RunningJobs;
import io.backuphub.pipeline.BackupPipeline;
import io.backuphub.pipeline.Encoding;
import io.backuphub.pipeline.FanOutOutputStream;
import io.backuphub.store.ObjectKeys;
import io.backuphub.store.ObjectWriter;
import io.backuphub.store.StoreRegistry;
import io.backuphub.target.Compression;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import io.backuphub.transport.ProcessScope;
import io.backuphub.transport.Transports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.apache.camel.support.SynchronizationAdapter;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The run-backup route's steps, in order: dump-and-encode (dump -> pipeline -> a partial write in
 * each of the target's stores at once), commit-object, write-manifest, record-artifact. The manifest
 * is written last and the catalog row only after it, so nothing half-done is ever listed as a backup;
 * a run that ends before the row is written removes what it wrote, in every store.
 */
@ApplicationScoped
@Named("backupRunner")
public class BackupRunner {

    private static final Logger LOG = Logger.getLogger(BackupRunner.class);
    /** The exchange variable holding the {@link StagedBackup} between the steps. */
    public static final String BACKUP = "backup";

    @Inject TargetRegistry targets;
    @Inject Engines engines;
    @Inject Transports transports;
    @Inject BackupPipeline pipeline;
    @Inject StoreRegistry stores;
    @Inject WriteIntents intents;
    @Inject CatalogIdentity catalog;
    @Inject ArtifactRepository artifacts;
    @Inject RunningJobs running;
    @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String hubVersion;

    /**
     * dump-and-encode: the dump streams through the pipeline into a partial write (one streaming
     * step: compress, encrypt, hash, write). The tool's exit decides whether the dump is complete.
     */
    public StagedBackup dumpAndEncode(@Variable(JobLifecycle.JOB) Job job, Exchange exchange) throws IOException {
        Target target = targets.require(job.targetId());
        Engine engine = engines.get(target.engine());
        Encoding encoding = Encoding.of(target);
        Instant started = job.startedAt() != null ? job.startedAt() : Instant.now();
        ProcessScope scope = running.scope(job.id());
        String key = ObjectKeys.artifactKey(target.environment(), target.id(), started, job.id(),
                engine.dumpExtension(job.options() == null ? Map.of() : job.options()) + encoding.suffix());
        List<StagedCopy> copies = new ArrayList<>();
        for (String storeId : stores.idsFor(target.stores())) {
            copies.add(StagedCopy.start(stores, intents, storeId, key, job.id()));
        }
        StagedBackup backup = new StagedBackup(target, engine, encoding, key, started, copies);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {

            @Override
            public void onDone(Exchange done) {
                discardUnlessRecorded(backup);
            }
        });
        backup.requireACopy();
        Map<String, OutputStream> sinks = new LinkedHashMap<>();
        backup.live().forEach(copy -> sinks.put(copy.storeId, copy.writer().stream()));
        backup.fanOut = new FanOutOutputStream(sinks);
        DumpRequest request = new DumpRequest(target, job.options(), () -> transports.connect(target, scope));
        Map<String, Object> dumpFacts;
        try (Dump dump = engine.startDump(request)) {
            LOG.infof("dumping %s (%s) into %s", target.id(), engine.name(), key);
            backup.encoded = pipeline.encode(dump.data(), encoding, backup.fanOut, running.progress(job.id()));
            dump.finish();
            dumpFacts = dump.facts();
        }
        for (StagedCopy copy : backup.live()) {
            backup.fanOut.failure(copy.storeId).ifPresent(e -> copy.fail(e.getMessage()));
        }
        scope.checkRunning(); // a dump cut short by a cancel or the deadline is never committed
        if (backup.encoded.dumpBytes() == 0) {
            throw new IOException(engine.name() + " produced an empty dump (0 bytes) and said it succeeded:"
                    + " nothing was stored, and the previous backups stay as they were");
        }
        backup.source = new LinkedHashMap<>(engine.describe(backup.encoded.head()));
        backup.source.putAll(dumpFacts);
        return backup;
    }

    /**
     * commit-object: each store's copy appears under its key, durably, with exactly the bytes written.
     * A store that fails here loses its copy; the backup fails only when no copy is left.
     */
    public void commit(@Variable(BACKUP) StagedBackup backup) throws IOException {
        for (StagedCopy copy : backup.live()) {
            try {
                copy.stored = copy.writer().commit();
                if (copy.stored.size() != backup.encoded.storedBytes()) {
                    copy.fail("store holds " + copy.stored.size() + " bytes for " + backup.key + " but "
                            + backup.encoded.storedBytes() + " were written");
                }
            } catch (IOException e) {
                copy.fail(e.getMessage());
            }
        }
        backup.requireACopy();
    }

    /**
     * write-manifest: the manifest beside each copy, written last; an object without one is not a
     * backup. It names the primary copy's store (the same bytes are under the same key in each).
     */
    public void writeManifest(@Variable(JobLifecycle.JOB) Job job, @Variable(BACKUP) StagedBackup backup)
            throws IOException {
        Manifest manifest = manifest(Ids.next(), job, backup);
        byte[] json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        for (StagedCopy copy : backup.live()) {
            try (ObjectWriter writer = copy.createManifest(job.id())) {
                try (OutputStream out = writer.stream()) {
                    out.write(json);
                }
                writer.commit();
            } catch (IOException e) {
                copy.fail("cannot write the manifest: " + e.getMessage());
            }
        }
        backup.requireACopy();
        backup.manifestJson = new String(json, StandardCharsets.UTF_8);
    }

    /**
     * record-artifact: the catalog row and a row per copy; from here on the backup is listed and kept.
     * When a store's copy failed, the job will end partial ({@link StagedBackup#missingCopies}), and a
     * replication job is asked to make that copy.
     */
    public Artifact record(@Variable(JobLifecycle.JOB) Job job, @Variable(BACKUP) StagedBackup backup)
            throws IOException {
        String artifactId = Json.MAPPER.readTree(backup.manifestJson).get("artifactId").asText();
        StagedCopy primary = backup.primary();
        Instant now = Instant.now();
        Artifact artifact = new Artifact(artifactId, job.id(), backup.target.id(), backup.target.environment(),
                backup.engine.name(), primary.storeId, backup.key, primary.stored.size(), backup.encoded.dumpBytes(),
                backup.encoded.sha256(), backup.encoding.compression().id(), backup.encoding.encrypted(),
                VerificationState.PENDING, null, null, null, null, backup.manifestJson, now, null, null,
                null, Artifact.kindOf(backup.source));
        List<ArtifactCopy> copies = backup.copies.stream().map(c -> c.live()
                ? new ArtifactCopy(artifactId, c.storeId, backup.key, c.stored.size(), backup.encoded.sha256(),
                        c.stored.checksum(), CopyStatus.STORED, null, now)
                : ArtifactCopy.failed(artifactId, c.storeId, backup.key, c.failure())).toList();
        artifacts.insert(artifact, copies);
        backup.recorded = true;
        LOG.infof("stored %s in %s: %d bytes (dump %d bytes), sha256 %s", backup.key,
                backup.live().stream().map(c -> c.storeId).toList(), primary.stored.size(),
                backup.encoded.dumpBytes(), backup.encoded.sha256());
        return artifact;
    }

    private Manifest manifest(String artifactId, Job job, StagedBackup b) {
        Encoding encoding = b.encoding;
        return new Manifest(Manifest.VERSION, artifactId, job.id(), b.target.id(), b.target.environment(),
                b.engine.name(),
                databases(b), b.started, Instant.now(),
                new Manifest.StoredObjectInfo(b.primary().storeId, b.key, b.primary().stored.size(),
                        b.encoded.sha256()),
                b.encoded.dumpBytes(),
                new Manifest.CompressionInfo(encoding.compression().id(),
                        encoding.compression() == Compression.NONE ? null : encoding.level()),
                encoding.encrypted() ? new Manifest.EncryptionInfo("age", encoding.ageRecipients()) : null,
                b.source, RestoreHints.of(b.engine.restoreCommand(b.source), encoding), hubVersion, catalog.id());
    }

    /** The databases the dump holds, as the engine read them from it, else the one the target names. */
    private static List<String> databases(StagedBackup b) {
        Object described = b.source.remove("databases");
        if (described instanceof List<?> names) {
            return names.stream().map(String::valueOf).toList();
        }
        Target.DatabaseSpec database = b.target.database();
        return database == null || database.name() == null ? List.of() : List.of(database.name());
    }

    /** The run ended before the catalog row was written: nothing of it may stay, in any store. */
    private void discardUnlessRecorded(StagedBackup backup) {
        if (backup.recorded) {
            return;
        }
        if (backup.fanOut != null) {
            backup.fanOut.abort();
        }
        backup.copies.forEach(StagedCopy::discard);
    }
}
