package io.backuphub.backup;

import io.backuphub.Ids;
import io.backuphub.Json;
import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactCatalog;
import io.backuphub.artifact.Manifest;
import io.backuphub.engine.Dump;
import io.backuphub.engine.DumpRequest;
import io.backuphub.engine.Engine;
import io.backuphub.engine.Engines;
import io.backuphub.job.Job;
import io.backuphub.job.JobLifecycle;
import io.backuphub.job.RunningJobs;
import io.backuphub.job.VerificationState;
import io.backuphub.pipeline.BackupPipeline;
import io.backuphub.pipeline.EncodeResult;
import io.backuphub.pipeline.Encoding;
import io.backuphub.store.ArtifactStore;
import io.backuphub.store.ObjectKeys;
import io.backuphub.store.ObjectWriter;
import io.backuphub.store.StoredObject;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import io.backuphub.transport.ProcessScope;
import io.backuphub.transport.Transports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.Variable;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The run-backup route's main step: dump -> pipeline -> temporary object -> commit -> manifest ->
 * catalog. The manifest is written last and the catalog row only after it, so nothing half-done is
 * ever listed as a backup; any failure discards what was written.
 */
@ApplicationScoped
@Named("backupRunner")
public class BackupRunner {

    private static final Logger LOG = Logger.getLogger(BackupRunner.class);

    private final TargetRegistry targets;
    private final Engines engines;
    private final Transports transports;
    private final BackupPipeline pipeline;
    private final ArtifactStore store;
    private final ArtifactCatalog artifacts;
    private final JobLifecycle lifecycle;
    private final RunningJobs running;
    private final String hubVersion;

    public BackupRunner(TargetRegistry targets, Engines engines, Transports transports, BackupPipeline pipeline,
                        ArtifactStore store, ArtifactCatalog artifacts, JobLifecycle lifecycle, RunningJobs running,
                        @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String hubVersion) {
        this.targets = targets;
        this.engines = engines;
        this.transports = transports;
        this.pipeline = pipeline;
        this.store = store;
        this.artifacts = artifacts;
        this.lifecycle = lifecycle;
        this.running = running;
        this.hubVersion = hubVersion;
    }

    public Artifact backup(@Variable(JobLifecycle.JOB) Job job) throws IOException {
        Target target = targets.require(job.targetId());
        Engine engine = engines.get(target.engine());
        Encoding encoding = Encoding.of(target);
        Instant started = job.startedAt() != null ? job.startedAt() : Instant.now();
        ProcessScope scope = running.scope(job.id());
        String key = ObjectKeys.artifactKey(target.environment(), target.id(), started, job.id(),
                engine.dumpExtension() + encoding.suffix());

        EncodeResult encoded;
        StoredObject stored;
        Map<String, Object> source;
        try (ObjectWriter writer = store.create(key);
             Dump dump = engine.startDump(new DumpRequest(target, job.options(), () -> transports.connect(target, scope)))) {
            LOG.infof("dumping %s (%s) into %s", target.id(), engine.name(), key);
            encoded = pipeline.encode(dump.data(), encoding, writer.stream(), lifecycle.progress(job.id()));
            dump.finish();
            scope.checkRunning(); // a dump cut short by a cancel or the deadline is never committed
            source = engine.describe(encoded.head());
            stored = writer.commit();
        }
        if (stored.size() != encoded.storedBytes()) {
            store.delete(key);
            throw new IOException("store holds " + stored.size() + " bytes for " + key + " but " + encoded.storedBytes()
                    + " were written");
        }

        String artifactId = Ids.next();
        Manifest manifest = manifest(artifactId, job, target, engine, encoding, encoded, stored, source, started);
        try {
            String manifestJson = writeManifest(key, manifest);
            Artifact artifact = new Artifact(artifactId, job.id(), target.id(), target.environment(), engine.name(),
                    store.type(), key, stored.size(), encoded.dumpBytes(), encoded.sha256(), encoding.compression().id(),
                    encoding.encrypted(), VerificationState.PENDING, null, null, manifestJson, Instant.now(), null);
            artifacts.insert(artifact);
            LOG.infof("stored %s: %d bytes (dump %d bytes), sha256 %s", key, stored.size(), encoded.dumpBytes(),
                    encoded.sha256());
            return artifact;
        } catch (IOException | RuntimeException e) {
            discard(key);
            throw e;
        }
    }

    private Manifest manifest(String artifactId, Job job, Target target, Engine engine, Encoding encoding,
                              EncodeResult encoded, StoredObject stored, Map<String, Object> source, Instant started) {
        return new Manifest(Manifest.VERSION, artifactId, job.id(), target.id(), target.environment(), engine.name(),
                List.of(target.database().name()), started, Instant.now(),
                new Manifest.StoredObjectInfo(store.type(), stored.key(), stored.size(), encoded.sha256()),
                encoded.dumpBytes(),
                new Manifest.CompressionInfo(encoding.compression().id(),
                        encoding.compression() == io.backuphub.target.Compression.NONE ? null : encoding.level()),
                encoding.encrypted() ? new Manifest.EncryptionInfo("age", encoding.ageRecipients()) : null,
                source, RestoreHints.of(engine.name(), encoding), hubVersion);
    }

    private String writeManifest(String key, Manifest manifest) throws IOException {
        byte[] json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        try (ObjectWriter writer = store.create(ObjectKeys.manifestKey(key))) {
            try (OutputStream out = writer.stream()) {
                out.write(json);
            }
            writer.commit();
        }
        return new String(json, java.nio.charset.StandardCharsets.UTF_8);
    }

    private void discard(String key) {
        for (String k : List.of(ObjectKeys.manifestKey(key), key)) {
            try {
                store.delete(k);
            } catch (IOException e) {
                LOG.errorf("could not remove %s after a failed backup: %s", k, e.getMessage());
            }
        }
    }
}
