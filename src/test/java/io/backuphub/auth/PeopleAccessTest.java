package io.backuphub.auth;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.newKey;
import static io.backuphub.testing.HubApi.user;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.backuphub.testing.CloudflareAccessDouble;
import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * People signed in by Cloudflare Access: the assertion is checked against the team's keys (a forged,
 * expired, foreign or misdirected one is refused), a first sign-in makes the person without a role
 * ("ask an admin"), an admin gives them a role and a scope or removes them with their keys, and a
 * service token acts as the API key config names for it.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class PeopleAccessTest {

    private static final String ISSUER = "https://" + CloudflareAccessDouble.TEAM_DOMAIN;

    @Test
    void aFirstSignInMakesThePersonWhoAsksAnAdminForARole() {
        String email = "alice-" + System.nanoTime() + "@example.com";
        JsonPath me = as(access().person(email)).get("/api/v1/me").then().statusCode(200).extract().jsonPath();
        assertThat(me.getString("principal")).isEqualTo("user:" + email);
        assertThat(me.getList("permissions")).isEmpty();
        as(access().person(email)).get("/api/v1/targets").then().statusCode(403)
                .body("detail", containsString("ask an admin"));

        String id = user(email).getString("id");
        api().body("{\"role\":\"viewer\",\"targets\":[\"team-shop-*\"]}").put("/api/v1/users/" + id).then()
                .statusCode(200).body("role", equalTo("viewer"));
        assertThat(as(access().person(email)).get("/api/v1/targets").then().statusCode(200).extract().jsonPath()
                .getList("items.id", String.class)).containsExactly("team-shop-a");
        as(access().person(email)).body("{}").post("/api/v1/targets/team-shop-a/backups").then().statusCode(403);

        api().body("{\"role\":\"viewer\",\"disabled\":true}").put("/api/v1/users/" + id).then().statusCode(200);
        as(access().person(email)).get("/api/v1/me").then().statusCode(401).body("detail", containsString("disabled"));
    }

    @Test
    void anAssertionNotSignedForThisHubIsRefused() {
        String email = "mallory-" + System.nanoTime() + "@example.com";
        String kid = "team-key-1";
        for (String forged : List.of(
                access().forged(email, ISSUER, CloudflareAccessDouble.AUDIENCE, Duration.ofMinutes(5), false, kid),
                access().forged(email, ISSUER, CloudflareAccessDouble.AUDIENCE, Duration.ofMinutes(-5), true, kid),
                access().forged(email, ISSUER, "another-application", Duration.ofMinutes(5), true, kid),
                access().forged(email, "https://evil.cloudflareaccess.com", CloudflareAccessDouble.AUDIENCE,
                        Duration.ofMinutes(5), true, kid),
                "not.a.jwt")) {
            as(forged).get("/api/v1/me").then().statusCode(401)
                    .body("detail", containsString("Cloudflare Access assertion"));
        }
        // The header alone proves nothing without Access configured to vouch for it; nor does its cookie.
        given().cookie("CF_Authorization", access().person(email)).get("/api/v1/me").then().statusCode(401);
        assertThat(api().get("/api/v1/users").then().statusCode(200).extract().jsonPath()
                .getList("items.email", String.class)).doesNotContain(email);
    }

    @Test
    void unknownKeyIdsFetchTheTeamsKeysAtMostOnceAMinute() {
        as(access().person("warm-" + System.nanoTime() + "@example.com")).get("/api/v1/me").then().statusCode(200);
        int before = access().fetches();
        for (int i = 0; i < 5; i++) {
            as(access().forged("kid-" + i + "@example.com", ISSUER, CloudflareAccessDouble.AUDIENCE,
                    Duration.ofMinutes(5), false, "rotated-key-" + i)).get("/api/v1/me").then().statusCode(401);
        }
        assertThat(access().fetches() - before).isLessThanOrEqualTo(1);
    }

    @Test
    void aServiceTokenActsAsTheKeyConfigNamesAndARemovedPersonsKeysEnd() {
        newKey("cf-ci", "\"role\":\"operator\",\"targets\":[\"team-shop-*\"]");
        as(access().serviceToken("ci-runner.access")).get("/api/v1/me").then().statusCode(200)
                .body("principal", equalTo("service:cf-ci")).body("role", equalTo("operator"));
        as(access().serviceToken("unknown-runner.access")).get("/api/v1/me").then().statusCode(401)
                .body("detail", containsString("acts as no API key"));

        // A person who made a key: removing the person revokes it.
        String email = "bob-" + System.nanoTime() + "@example.com";
        as(access().person(email)).get("/api/v1/me").then().statusCode(200);
        String id = user(email).getString("id");
        api().body("{\"role\":\"admin\"}").put("/api/v1/users/" + id).then().statusCode(200);
        JsonPath made = as(access().person(email)).body("{\"name\":\"bobs-" + System.nanoTime()
                + "\",\"role\":\"viewer\"}").post("/api/v1/keys").then().statusCode(201).extract().jsonPath();
        assertThat(made.getString("owner")).isEqualTo("user:" + email);
        given().header("X-API-Key", made.getString("secret")).get("/api/v1/me").then().statusCode(200);
        api().delete("/api/v1/users/" + id).then().statusCode(204);
        io.backuphub.testing.Waits.await().atMost(Duration.ofSeconds(6)).untilAsserted(() -> given()
                .header("X-API-Key", made.getString("secret")).get("/api/v1/me").then().statusCode(401));
        // Signing in again makes them anew, without the role they had.
        as(access().person(email)).get("/api/v1/targets").then().statusCode(403);
    }

    private static CloudflareAccessDouble access() {
        return HubTestResource.access();
    }

    private static RequestSpecification as(String assertion) {
        return given().header("Cf-Access-Jwt-Assertion", assertion).contentType("application/json");
    }
}
