package io.backuphub.backup;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.artifact.Manifest;
import io.backuphub.artifact.VerificationState;
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
import io.backuphub.store.ArtifactStore;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.apache.camel.support.SynchronizationAdapter;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The run-backup route's steps, in order: dump-and-encode (dump -> pipeline -> partial write),
 * commit-object, write-manifest, record-artifact. The manifest is written last and the catalog row
 * only after it, so nothing half-done is ever listed as a backup; a run that ends before the row is
 * written removes what it wrote.
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
    @Inject ArtifactRepository artifacts;
    @Inject JobLifecycle lifecycle;
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
                engine.dumpExtension() + encoding.suffix());
        String storeId = stores.idFor(target.stores());
        ArtifactStore store = stores.get(storeId);
        StagedBackup backup = new StagedBackup(target, engine, encoding, key, started, storeId, store,
                store.create(key));
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {

            @Override
            public void onDone(Exchange done) {
                discardUnlessRecorded(backup);
            }
        });
        DumpRequest request = new DumpRequest(target, job.options(), () -> transports.connect(target, scope));
        Map<String, Object> dumpFacts;
        try (Dump dump = engine.startDump(request)) {
            LOG.infof("dumping %s (%s) into %s", target.id(), engine.name(), key);
            backup.encoded = pipeline.encode(dump.data(), encoding, backup.writer.stream(),
                    lifecycle.progress(job.id()));
            dump.finish();
            dumpFacts = dump.facts();
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

    /** commit-object: the object appears under its key, durably, with exactly the bytes written. */
    public void commit(@Variable(BACKUP) StagedBackup backup) throws IOException {
        backup.stored = backup.writer.commit();
        if (backup.stored.size() != backup.encoded.storedBytes()) {
            throw new IOException("store holds " + backup.stored.size() + " bytes for " + backup.key + " but "
                    + backup.encoded.storedBytes() + " were written");
        }
    }

    /** write-manifest: the manifest beside the object, written last; an object without one is not a backup. */
    public void writeManifest(@Variable(JobLifecycle.JOB) Job job, @Variable(BACKUP) StagedBackup backup)
            throws IOException {
        Manifest manifest = manifest(Ids.next(), job, backup);
        byte[] json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        try (ObjectWriter writer = backup.store.create(ObjectKeys.manifestKey(backup.key))) {
            try (OutputStream out = writer.stream()) {
                out.write(json);
            }
            writer.commit();
        }
        backup.manifestJson = new String(json, StandardCharsets.UTF_8);
    }

    /** record-artifact: the catalog row; from here on the backup is listed and kept. */
    public Artifact record(@Variable(JobLifecycle.JOB) Job job, @Variable(BACKUP) StagedBackup backup)
            throws IOException {
        String artifactId = Json.MAPPER.readTree(backup.manifestJson).get("artifactId").asText();
        Artifact artifact = new Artifact(artifactId, job.id(), backup.target.id(), backup.target.environment(),
                backup.engine.name(), backup.storeId, backup.key, backup.stored.size(), backup.encoded.dumpBytes(),
                backup.encoded.sha256(), backup.encoding.compression().id(), backup.encoding.encrypted(),
                VerificationState.PENDING, null, null, null, null, backup.manifestJson, Instant.now(), null, null,
                null);
        artifacts.insert(artifact);
        backup.recorded = true;
        LOG.infof("stored %s: %d bytes (dump %d bytes), sha256 %s", backup.key, backup.stored.size(),
                backup.encoded.dumpBytes(), backup.encoded.sha256());
        return artifact;
    }

    private Manifest manifest(String artifactId, Job job, StagedBackup b) {
        Encoding encoding = b.encoding;
        return new Manifest(Manifest.VERSION, artifactId, job.id(), b.target.id(), b.target.environment(),
                b.engine.name(),
                databases(b), b.started, Instant.now(),
                new Manifest.StoredObjectInfo(b.storeId, b.stored.key(), b.stored.size(), b.encoded.sha256()),
                b.encoded.dumpBytes(),
                new Manifest.CompressionInfo(encoding.compression().id(),
                        encoding.compression() == Compression.NONE ? null : encoding.level()),
                encoding.encrypted() ? new Manifest.EncryptionInfo("age", encoding.ageRecipients()) : null,
                b.source, RestoreHints.of(b.engine.restoreCommand(), encoding), hubVersion);
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

    /** The run ended before the catalog row was written: nothing of it may stay. */
    private void discardUnlessRecorded(StagedBackup backup) {
        if (backup.recorded) {
            return;
        }
        backup.writer.abort();
        if (backup.stored == null) {
            return;
        }
        for (String k : List.of(ObjectKeys.manifestKey(backup.key), backup.key)) {
            try {
                backup.store.delete(k);
            } catch (IOException e) {
                LOG.errorf("could not remove %s after a failed backup: %s", k, e.getMessage());
            }
        }
    }
}
