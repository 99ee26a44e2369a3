package io.backuphub.routes;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Route redeploys proven in the packaged application (java -jar target/quarkus-app/quarkus-run.jar),
 * not in dev mode: through the reload API and through the file watch, a changed request-backup route
 * changes how backup requests are answered; a broken file keeps the running route.
 */
@QuarkusIntegrationTest
@TestProfile(RouteReloadIT.WatchedRoutes.class)
class RouteReloadIT {

    /** A private copy of routes/ with the watch on, so the test never edits the repository's files. */
    public static class WatchedRoutes implements QuarkusTestProfile {

        static final Path DIR = copyOfRoutes();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hub.routes.dir", DIR.toString(), "hub.routes.watch", "true");
        }

        private static Path copyOfRoutes() {
            try {
                Path dir = Files.createTempDirectory("hub-routes-");
                try (var files = Files.list(Path.of("routes"))) {
                    for (Path file : files.toList()) {
                        Files.copy(file, dir.resolve(file.getFileName()));
                    }
                }
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final Path FILE = WatchedRoutes.DIR.resolve("request-backup.camel.yaml");
    private static final String FREEZE = """
                    - throwException:
                        id: freeze-window
                        exceptionType: io.backuphub.api.RequestRefused
                        message: "backups are frozen for the migration"
            """;

    @AfterEach
    void restoreOriginal() throws IOException {
        Files.copy(Path.of("routes/request-backup.camel.yaml"), FILE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        api().post("/api/v1/routes/request-backup/reload").then().statusCode(200);
        awaitAnswer(202);
    }

    @Test
    void reloadEndpointChangesTheRouteAndKeepsItWhenTheNewFileIsBroken() throws IOException {
        assertThat(backupStatus()).isEqualTo(202);

        writeFrozenRoute();
        api().post("/api/v1/routes/request-backup/reload").then().statusCode(200)
                .body("id", equalTo("request-backup")).body("status", equalTo("started"));
        api().contentType("application/json").body("{}").post("/api/v1/targets/orders/backups")
                .then().statusCode(503).body("detail", equalTo("backups are frozen for the migration"));

        // Broken YAML: refused with the parser's reason; the frozen route keeps answering.
        Files.writeString(FILE, Files.readString(FILE).replace("steps:", "steps: [unclosed"));
        api().post("/api/v1/routes/request-backup/reload").then().statusCode(422)
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("running route is unchanged"));
        assertThat(backupStatus()).isEqualTo(503);

        // Valid YAML naming a bean that does not exist: fails to start, the previous route is restored.
        writeFrozenRoute();
        Files.writeString(FILE, Files.readString(FILE).replace("ref: jobQueue", "ref: noSuchBean"));
        api().post("/api/v1/routes/request-backup/reload").then().statusCode(422)
                .body("detail", containsString("noSuchBean"));
        assertThat(backupStatus()).isEqualTo(503);

        // A file must define the route its name says.
        writeFrozenRoute();
        Files.writeString(FILE, Files.readString(FILE).replace("id: request-backup", "id: something-else"));
        api().post("/api/v1/routes/request-backup/reload").then().statusCode(422)
                .body("detail", containsString("route id = file name stem"));
        assertThat(backupStatus()).isEqualTo(503);
        api().get("/api/v1/routes").then().statusCode(200)
                .body("items.find { it.id == 'request-backup' }.status", equalTo("started"));
    }

    @Test
    void fileWatchRedeploysAChangedRoute() throws IOException {
        assertThat(backupStatus()).isEqualTo(202);
        writeFrozenRoute();
        awaitAnswer(503);

        Files.writeString(FILE, "- route: [this is not a route");
        // The watch refuses it (and says so in the audit log); the frozen route stays in place.
        Map<String, Object> refusal = await().atMost(Duration.ofSeconds(20)).until(RouteReloadIT::lastWatchReload,
                e -> e != null && "rejected".equals(e.get("outcome")));
        assertThat(refusal.get("resource")).isEqualTo("route/request-backup");
        assertThat(backupStatus()).isEqualTo(503);
    }

    /** The newest route reload the file watch audited. */
    private static Map<String, Object> lastWatchReload() {
        List<Map<String, Object>> entries = api().get("/api/v1/audit?limit=50").then().statusCode(200)
                .extract().jsonPath().getList("items");
        return entries.stream()
                .filter(e -> "file-watch".equals(e.get("actor")) && "route.reload".equals(e.get("action")))
                .findFirst().orElse(null);
    }

    @Test
    void routeConfigurationReloadsAndItsRoutesKeepRunning() {
        api().post("/api/v1/routes/job-errors/reload").then().statusCode(200);
        api().get("/api/v1/routes").then().statusCode(200)
                .body("items.find { it.id == 'run-backup' }.status", equalTo("started"))
                .body("items.find { it.id == 'run-verify' }.status", equalTo("started"));
    }

    @Test
    void unknownRouteFileIs404() {
        api().post("/api/v1/routes/no-such-route/reload").then().statusCode(404);
    }

    private static void writeFrozenRoute() throws IOException {
        String original = Files.readString(Path.of("routes/request-backup.camel.yaml"));
        Files.writeString(FILE, original.replace("      steps:\n", "      steps:\n" + FREEZE));
    }

    private static int backupStatus() {
        return api().contentType("application/json").body("{\"delay\":\"P1D\"}")
                .post("/api/v1/targets/orders/backups").then().extract().statusCode();
    }

    private static void awaitAnswer(int status) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> backupStatus() == status);
    }
}
