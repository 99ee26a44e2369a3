package io.backuphub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
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
    /**
     * The steps the routes call, in the order they may use each other: a package may use those of the
     * rows before its own, never one of its row or after.
     */
    private static final List<List<String>> STEP_ORDER = List.of(
            List.of("notify", "dns"),
            List.of("backup", "retention", "pitr"),
            List.of("restore", "replication", "schedule", "webhook"),
            List.of("pubsub", "mirror", "housekeeping", "policy"));
    private static final String[] STEPS = STEP_ORDER.stream().flatMap(List::stream)
            .map(p -> "io.backuphub." + p + "..").toArray(String[]::new);
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
    void stepsUseOnlyTheStepsBeforeTheirRow() {
        for (int row = 0; row < STEP_ORDER.size(); row++) {
            String[] later = STEP_ORDER.subList(row, STEP_ORDER.size()).stream().flatMap(List::stream)
                    .map(p -> "io.backuphub." + p + "..").toArray(String[]::new);
            for (String pkg : STEP_ORDER.get(row)) {
                String[] others = Stream.of(later).filter(p -> !p.equals("io.backuphub." + pkg + ".."))
                        .toArray(String[]::new);
                noClasses().that().resideInAPackage("io.backuphub." + pkg + "..").should().dependOnClassesThat()
                        .resideInAnyPackage(others)
                        .because("the steps layer is ordered " + STEP_ORDER + " (docs/architecture.md)").check(HUB);
            }
        }
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
