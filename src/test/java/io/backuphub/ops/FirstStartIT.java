package io.backuphub.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.backuphub.testing.Files2;
import io.backuphub.testing.PackagedHub;
import io.backuphub.testing.PostgresCluster;
import io.backuphub.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged hub's first start with nothing configured, as README's first command runs it: its keys
 * are generated into private files and never logged, and nothing it writes is readable by others.
 */
class FirstStartIT {

    private static Path work;

    @BeforeAll
    static void work() throws Exception {
        work = Files.createTempDirectory("hub-first-start-");
        Files.writeString(work.resolve("targets.yaml"), "targets: []\n");
    }

    @AfterAll
    static void clean() {
        Files2.deleteTree(work);
    }

    @Test
    void keysAreGeneratedPrivatelyAndNothingIsWorldReadable() throws Exception {
        Path data = work.resolve("data");
        Path log = work.resolve("hub.log");
        Map<String, String> settings = Map.of("hub.data.dir", data.toString(),
                "hub.targets.file", work.resolve("targets.yaml").toString(),
                "hub.schedules.file", work.resolve("none.yaml").toString(),
                "hub.notifications.file", work.resolve("none.yaml").toString());
        try (PackagedHub hub = PackagedHub.start(Processes.freePort(), null, settings, log)) {
            String adminKey = Files.readString(data.resolve("admin-api-key")).strip();
            String secretsKey = Files.readString(data.resolve("secrets-key")).strip();
            given().port(hub.port()).header("X-API-Key", adminKey).get("/api/v1/targets").then().statusCode(200);
            // A webhook secret is sealed with the generated key (this would fail without one).
            given().port(hub.port()).header("X-API-Key", adminKey).contentType("application/json")
                    .body("{\"name\":\"ci\",\"allowedActions\":[\"backup\"],\"allowedTargets\":[\"*\"]}")
                    .post("/api/v1/webhooks").then().statusCode(201);
            // OIDC stays off without quarkus.oidc.auth-server-url: no sign-in offered, bearer tokens refused.
            given().port(hub.port()).accept("text/html").get("/login").then().statusCode(200)
                    .body(not(containsString("Sign in with")));
            given().port(hub.port()).accept("text/html").get("/login/oidc").then().statusCode(404)
                    .body(containsString("Single sign-on is not set up"));
            given().port(hub.port()).header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln")
                    .get("/api/v1/me").then().statusCode(401).body("detail", containsString("need OIDC"));

            assertThat(mode(data)).isEqualTo("rwx------");
            try (Stream<Path> files = Files.list(data)) {
                files.filter(Files::isRegularFile)
                        .forEach(f -> assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
            }
            assertThat(data.resolve("catalog.mv.db")).exists();
            assertThat(Files.readString(log)).doesNotContain(adminKey).doesNotContain(secretsKey).doesNotContain("OIDC")
                    .contains(data.resolve("secrets-key").toString());
            // A clean stop: Quartz stops before the catalog closes, and H2 leaves no trace file behind.
            assertThat(hub.terminate(java.time.Duration.ofSeconds(30))).isTrue();
        }
        try (Stream<Path> files = Files.list(data)) {
            assertThat(files.map(f -> f.getFileName().toString())).doesNotContain("catalog.trace.db");
        }
        try (Stream<Path> files = Files.list(data)) {
            files.filter(Files::isRegularFile)
                    .forEach(f -> assertThat(mode(f)).as(f + " after the stop").isEqualTo("rw-------"));
        }
        assertThat(Files.readString(log)).doesNotContain("Database is already closed");
    }

    /**
     * A new user points the hub at their own targets file and keeps the shipped schedules.yaml, whose
     * example schedule names the quickstart's "example" target: the hub starts, and says that schedule
     * does not fire (on the schedule and in readiness) instead of refusing to start.
     */
    @Test
    void aUsersOwnTargetsFileStartsBesideTheShippedExampleSchedule() throws Exception {
        Path targets = work.resolve("my-targets.yaml");
        Files.writeString(targets, """
                targets:
                  - id: mine
                    engine: postgres
                    environment: production
                    transport: {type: local}
                    database: {host: 127.0.0.1, port: 5432, user: postgres, name: mine}
                """);
        Map<String, String> settings = Map.of("hub.data.dir", work.resolve("own-data").toString(),
                "hub.targets.file", targets.toString(),
                "hub.schedules.file", Path.of("config/schedules.yaml").toAbsolutePath().toString(),
                "hub.notifications.file", work.resolve("none.yaml").toString());
        try (PackagedHub hub = PackagedHub.start(Processes.freePort(), "own-targets-key-0123456789abcdefghijklmn",
                settings,
                work.resolve("own.log"))) {
            given().port(hub.port()).header("X-API-Key", "own-targets-key-0123456789abcdefghijklmn")
                    .get("/api/v1/schedules/example-nightly")
                    .then().statusCode(200).body("problem", containsString("no target example is declared"));
            given().port(hub.port()).header("X-API-Key", "own-targets-key-0123456789abcdefghijklmn")
                    .get("/q/health/well").then().statusCode(200).body("status", equalTo("UP"))
                    .body("checks.find { it.name == 'schedules' }.data.notFiring", containsString("example-nightly"));
        }
    }

    /** Replicas on a shared catalog must use one key: a hub that would generate its own refuses to start. */
    @Test
    void aSharedCatalogWithoutASecretsKeyRefusesToStart() throws Exception {
        try (PostgresCluster postgres = PostgresCluster.start()) {
            postgres.createDatabase("hubcatalog");
            Map<String, String> settings = Map.of("hub.data.dir", work.resolve("pg-data").toString(),
                    "hub.targets.file", work.resolve("targets.yaml").toString(),
                    "hub.schedules.file", work.resolve("none.yaml").toString(),
                    "hub.catalog.url", postgres.jdbcUrl("hubcatalog"),
                    "hub.catalog.username", PostgresCluster.SUPERUSER,
                    "hub.catalog.password", PostgresCluster.PASSWORD);
            assertThatThrownBy(
                    () -> PackagedHub.start(Processes.freePort(), "first-start-key-0123456789abcdefghijklmn", settings,
                            work.resolve("pg.log")).close())
                    .hasStackTraceContaining("hub exited")
                    .hasStackTraceContaining("hub.secrets.key")
                    .hasStackTraceContaining("is required with a PostgreSQL catalog");
        }
    }

    /** An admin key an operator chooses must withstand guessing: too short, and the hub says so and stops. */
    @Test
    void aShortAdminKeyStopsTheStartAndIsNeverShown() throws Exception {
        String shortKey = "changeme-changeme-123";
        Path log = work.resolve("short-key.log");
        Map<String, String> settings = Map.of("hub.data.dir", work.resolve("short-key-data").toString(),
                "hub.targets.file", work.resolve("targets.yaml").toString(),
                "hub.schedules.file", work.resolve("none.yaml").toString(),
                "hub.notifications.file", work.resolve("none.yaml").toString());
        assertThatThrownBy(() -> PackagedHub.start(Processes.freePort(), shortKey, settings, log).close())
                .hasStackTraceContaining("hub exited")
                .hasStackTraceContaining("HUB_ADMIN_API_KEY")
                .hasStackTraceContaining("at least 32");
        assertThat(Files.readString(log)).doesNotContain(shortKey);
    }

    /**
     * The break-glass key may be switched off only once another admin key exists: switched off first,
     * the hub refuses to start rather than lock everyone out; with an admin key made, it starts and
     * refuses the break-glass key while the other works.
     */
    @Test
    void theBreakGlassKeyIsSwitchedOffOnlyOnceAnotherAdminExists() throws Exception {
        String breakGlass = "break-glass-key-0123456789abcdefghijklmn";
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "hub.data.dir", work.resolve("break-glass-data").toString(),
                "hub.targets.file", work.resolve("targets.yaml").toString(),
                "hub.schedules.file", work.resolve("none.yaml").toString(),
                "hub.notifications.file", work.resolve("none.yaml").toString(),
                "hub.auth.admin-key.enabled", "false"));
        assertThatThrownBy(() -> PackagedHub.start(Processes.freePort(), breakGlass, settings,
                work.resolve("break-glass-off.log")).close())
                .hasStackTraceContaining("hub exited")
                .hasStackTraceContaining("hub.auth.admin-key.enabled")
                .hasStackTraceContaining("no other admin key exists");

        settings.put("hub.auth.admin-key.enabled", "true");
        String other;
        try (PackagedHub hub = PackagedHub.start(Processes.freePort(), breakGlass, settings,
                work.resolve("break-glass-on.log"))) {
            other = hub.api().body("{\"name\":\"ops-admin\",\"role\":\"admin\"}").post("/api/v1/keys").then()
                    .statusCode(201).extract().path("secret");
        }
        settings.put("hub.auth.admin-key.enabled", "false");
        try (PackagedHub hub = PackagedHub.start(Processes.freePort(), breakGlass, settings,
                work.resolve("break-glass-off-again.log"))) {
            given().port(hub.port()).header("X-API-Key", breakGlass).get("/api/v1/me").then().statusCode(401)
                    .body("detail", containsString("switched off"));
            given().port(hub.port()).header("X-API-Key", other).get("/api/v1/me").then().statusCode(200)
                    .body("principal", equalTo("key:ops-admin"));
        }
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
