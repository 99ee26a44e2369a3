package io.backuphub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md's lists against what they list: the catalog's tables against the tables the
 * migrations create, the routes table against routes/, the layout table against the packages. A new
 * table, route or package fails here until the map names it.
 */
class ArchitectureDocsTest {

    private static final Path DOC = Path.of("docs/architecture.md");
    private static final Pattern CREATED = Pattern.compile("(?i)CREATE TABLE (?:IF NOT EXISTS )?([A-Za-z_]+)");
    private static final Pattern DROPPED = Pattern.compile("(?i)DROP TABLE (?:IF EXISTS )?([A-Za-z_]+)");
    private static final Pattern FIRST_CELL = Pattern.compile("(?m)^\\| `([a-z_<>.-]+)` \\|");
    /** Routes written in Java: one Pub/Sub consumer per subscription of integrations.yaml (PubsubConsumers). */
    private static final Set<String> JAVA_ROUTES = Set.of("pubsub-<id>");

    @Test
    void theCatalogSectionListsEveryTableTheMigrationsCreate() throws IOException {
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> migrations = Files.list(Path.of("src/main/resources/db/migration"))) {
            for (Path migration : migrations.sorted(ArchitectureDocsTest::byVersion).toList()) {
                String sql = Files.readString(migration);
                CREATED.matcher(sql).results().map(m -> m.group(1).toLowerCase()).forEach(tables::add);
                DROPPED.matcher(sql).results().map(m -> m.group(1).toLowerCase()).forEach(tables::remove);
            }
        }
        tables.removeIf(t -> t.startsWith("qrtz_")); // Quartz's own, named together in the section
        assertThat(tables).as("tables the migrations create").contains("jobs", "artifacts", "write_intents");

        assertThat(firstCells(section("## Catalog"))).as("tables in docs/architecture.md's Catalog section")
                .containsExactlyInAnyOrderElementsOf(tables);
    }

    @Test
    void theRoutesTableListsEveryRouteFile() throws IOException {
        Set<String> files = new TreeSet<>();
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            routes.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml"))
                    .map(n -> n.substring(0, n.length() - ".camel.yaml".length())).forEach(files::add);
        }
        assertThat(files).as("route files").contains("run-backup", "sweep-retention");

        Set<String> documented = firstCells(section("## Routes"));
        documented.removeAll(JAVA_ROUTES);
        assertThat(documented).as("routes in docs/architecture.md's routes table")
                .containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void theLayoutTableNamesEveryPackage() throws IOException {
        Path root = Path.of("src/main/java/io/backuphub");
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> dirs = Files.walk(root)) {
            dirs.filter(Files::isDirectory).filter(ArchitectureDocsTest::holdsJava).filter(d -> !d.equals(root))
                    .map(d -> root.relativize(d).toString().replace('/', '.')).forEach(packages::add);
        }
        assertThat(packages).as("packages").contains("engine.postgres", "store.s3");

        String layout = section("## Layout");
        assertThat(packages).as("packages docs/architecture.md's layout table does not name")
                .filteredOn(p -> !layout.contains("`" + p + "`")).isEmpty();
    }

    private static String section(String heading) throws IOException {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("\n" + heading + "\n");
        assertThat(start).as(heading + " in " + DOC).isNotNegative();
        int end = doc.indexOf("\n## ", start + heading.length() + 2);
        return doc.substring(start, end < 0 ? doc.length() : end);
    }

    private static Set<String> firstCells(String section) {
        Set<String> cells = new TreeSet<>();
        Matcher cell = FIRST_CELL.matcher(section);
        while (cell.find()) {
            cells.add(cell.group(1));
        }
        return cells;
    }

    private static boolean holdsJava(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** V2 before V10: Flyway's order, so a later migration's DROP removes an earlier one's table. */
    private static int byVersion(Path a, Path b) {
        return Integer.compare(version(a), version(b));
    }

    private static int version(Path migration) {
        String name = migration.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }
}
