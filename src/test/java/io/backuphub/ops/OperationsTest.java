package io.backuphub.ops;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.requestBackup;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What operators watch: health, Prometheus metrics, Hawtio's live routes, OpenAPI. */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class OperationsTest {

    @Test
    void healthCoversCatalogStoreAndRoutes() {
        api().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.contains("catalog"));
        api().get("/q/health/live").then().statusCode(200).body("checks.name", hasItems("routes"));
        // Stores and schedules are for people, not the load balancer: wellness.
        api().get("/q/health/well").then().body("checks.name", hasItems("stores", "schedules"));
        java.util.List<String> all = api().get("/q/health").then()
                .extract().jsonPath().getList("checks.name");
        assertThat(all).as("each check listed once in /q/health").doesNotHaveDuplicates();
    }

    @Test
    void metricsCountJobsByOutcomeAndTimeTheLastSuccess() {
        awaitFinished(requestBackup("orders-local"), Duration.ofMinutes(3));
        String metrics = api().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("backup_hub_jobs_total{kind=\"backup\",outcome=\"succeeded\",target=\"orders-local\"}")
                .contains(
                        "backup_hub_job_duration_seconds_count{kind=\"backup\",outcome=\"succeeded\",target=\"orders-local\"}")
                .contains("backup_hub_stored_bytes_total{target=\"orders-local\"}")
                .contains("backup_hub_last_success_timestamp_seconds{target=\"orders-local\"}");
    }

    @Test
    void hawtioShowsTheRoutesLiveBehindTheApiKey() {
        given().get("/hawtio/").then().statusCode(401);
        java.util.List<String> routes = given().auth().preemptive().basic("ops", HubTestResource.ADMIN_KEY)
                .get("/hawtio/jolokia/search/org.apache.camel:type=routes,*")
                .then().statusCode(200).extract().jsonPath().getList("value");
        String runBackup = routes.stream().filter(n -> n.contains("name=\"run-backup\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no run-backup MBean among " + routes));
        assertThat(mbeanAttribute(runBackup, "State")).isEqualTo("Started");
        // Hawtio's route tree groups routes by their group: the job routes apart from housekeeping.
        assertThat(mbeanAttribute(runBackup, "RouteGroup")).isEqualTo("jobs");
        String sweep = routes.stream().filter(n -> n.contains("name=\"sweep-retention\"")).findFirst().orElseThrow();
        assertThat(mbeanAttribute(sweep, "RouteGroup")).isEqualTo("housekeeping");
        given().auth().preemptive().basic("ops", HubTestResource.ADMIN_KEY).redirects().follow(true)
                .get("/hawtio/").then().statusCode(200).body(containsString("Hawtio"));
        // The Jolokia proxy is not deployed: the console cannot be used to reach other JVMs.
        given().auth().preemptive().basic("ops", HubTestResource.ADMIN_KEY).get("/hawtio/proxy/localhost/8080/jolokia")
                .then().statusCode(404);
    }

    private static String mbeanAttribute(String mbean, String attribute) {
        return given().auth().preemptive().basic("ops", HubTestResource.ADMIN_KEY).contentType("application/json")
                .body("{\"type\":\"read\",\"mbean\":\"" + mbean.replace("\"", "\\\"") + "\",\"attribute\":\""
                        + attribute + "\"}")
                .post("/hawtio/jolokia/")
                .then().statusCode(200).extract().path("value");
    }

    /**
     * docs/api/openapi.json is the generated document, kept in the repository for readers. When the
     * API changes, regenerate it: ./mvnw test -Dtest=OperationsTest -Ddocs.update=true
     */
    @Test
    void openApiDocumentInDocsIsCurrent() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
        var served = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(
                api().get("/api/v1/openapi.json").then().statusCode(200).extract().asString());
        served.remove("servers"); // the host the test ran on
        String generated = mapper.writeValueAsString(served) + "\n";
        java.nio.file.Path doc = java.nio.file.Path.of("docs/api/openapi.json");
        if (Boolean.getBoolean("docs.update")) {
            java.nio.file.Files.writeString(doc, generated);
        }
        assertThat(doc).as("regenerate with ./mvnw test -Dtest=OperationsTest -Ddocs.update=true")
                .hasContent(generated);
    }

    @Test
    void openApiDescribesTheApi() {
        api().get("/api/v1/openapi.json").then().statusCode(200)
                .body("info.title", equalTo("backup-hub API"))
                .body("paths.keySet()",
                        hasItems("/api/v1/targets/{id}/backups", "/api/v1/jobs", "/api/v1/artifacts/{id}/download",
                                "/api/v1/routes/{id}/reload"));
        api().get("/q/swagger-ui/").then().statusCode(200);
    }
}
