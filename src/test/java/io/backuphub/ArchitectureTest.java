package io.backuphub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers docs/architecture.md draws, enforced: common at the bottom; the domain above it; the
 * steps the routes call above that; the HTTP edge and operations on top. A package may use its own
 * layer and the layers below, and no two packages may use each other. A failure names the import.
 */
class ArchitectureTest {

    private static final String[] COMMON = {"io.backuphub.common.."};
    private static final String[] DOMAIN = {"io.backuphub.target..", "io.backuphub.artifact..", "io.backuphub.job..",
            "io.backuphub.engine..", "io.backuphub.store..", "io.backuphub.transport..", "io.backuphub.pipeline..",
            "io.backuphub.catalog..", "io.backuphub.audit..", "io.backuphub.auth..", "io.backuphub.integration.."};
    private static final String[] STEPS = {"io.backuphub.backup..", "io.backuphub.restore..",
            "io.backuphub.retention..", "io.backuphub.schedule..", "io.backuphub.notify..", "io.backuphub.webhook..",
            "io.backuphub.replication..", "io.backuphub.pubsub..", "io.backuphub.mirror..", "io.backuphub.dns.."};
    private static final String[] EDGE = {"io.backuphub.api..", "io.backuphub.http..", "io.backuphub.routes..",
            "io.backuphub.ops..", "io.backuphub.watch..", "io.backuphub.dashboard.."};

    private static final JavaClasses HUB = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.backuphub");

    @Test
    void layersPointOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("common").definedBy(COMMON)
                .layer("domain").definedBy(DOMAIN)
                .layer("steps").definedBy(STEPS)
                .layer("edge").definedBy(EDGE)
                .whereLayer("edge").mayNotBeAccessedByAnyLayer()
                .whereLayer("steps").mayOnlyBeAccessedByLayers("edge")
                .whereLayer("domain").mayOnlyBeAccessedByLayers("steps", "edge")
                .check(HUB);
    }

    @Test
    void noTwoPackagesUseEachOther() {
        slices().matching("io.backuphub.(*)..").should().beFreeOfCycles().check(HUB);
    }

    @Test
    void everyClassIsInALayer() {
        String[] all = Stream.of(COMMON, DOMAIN, STEPS, EDGE).flatMap(Stream::of).toArray(String[]::new);
        classes().should().resideInAnyPackage(all)
                .because("a new package must be given its layer in ArchitectureTest and docs/architecture.md")
                .check(HUB);
    }
}
