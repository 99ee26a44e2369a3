package io.backuphub.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * Dashboard sessions over plain HTTP: what the cookie looks like, what it opens (pages and the API),
 * what it does not (writes without the CSRF token, a login posted from another site), and that a
 * logout ends it on the server, not only in the browser.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class DashboardSessionTest {

    @Test
    void aSessionOpensPagesAndTheApiUntilLogout() {
        Response login = given().redirects().follow(false).formParam("key", HubTestResource.ADMIN_KEY)
                .post("/login");
        assertThat(login.statusCode()).isEqualTo(303);
        String setCookie = login.header("Set-Cookie");
        assertThat(setCookie).startsWith("hub_session=").contains("HttpOnly").contains("SameSite=Strict")
                .doesNotContain(HubTestResource.ADMIN_KEY);
        String token = login.cookie("hub_session");

        given().cookie("hub_session", token).accept("text/html").get("/").then().statusCode(200)
                .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("script-src 'self'"));
        given().cookie("hub_session", token).get("/api/v1/targets").then().statusCode(200);
        given().cookie("hub_session", token).contentType("application/json").body("{}")
                .post("/api/v1/targets/dash-orders/backups").then().statusCode(403)
                .body("type", org.hamcrest.Matchers.endsWith("csrf-token-missing"));

        String csrf = given().cookie("hub_session", token).accept("text/html").get("/").then().extract().asString()
                .replaceAll("(?s).*<meta name=\"csrf-token\" content=\"([^\"]+)\".*", "$1");
        given().cookie("hub_session", token).header("X-CSRF-Token", csrf).post("/logout").then().statusCode(204)
                .header("Set-Cookie", org.hamcrest.Matchers.containsString("Max-Age=0"));
        given().cookie("hub_session", token).get("/api/v1/targets").then().statusCode(401)
                .body("detail", equalTo("the dashboard session has ended: log in again"));
        given().redirects().follow(false).cookie("hub_session", token).accept("text/html").get("/").then()
                .statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/login"));
    }

    @Test
    void withoutASessionPagesSendToTheLoginAndTheApiAnswers401() {
        given().redirects().follow(false).accept("text/html").get("/").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/login"));
        given().accept("application/json").get("/api/v1/targets").then().statusCode(401)
                .contentType("application/problem+json");
        given().accept("text/html").get("/login").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("name=\"key\""));
    }

    @Test
    void anotherSiteCannotLogABrowserIn() {
        given().redirects().follow(false).header("Sec-Fetch-Site", "cross-site")
                .formParam("key", HubTestResource.ADMIN_KEY).post("/login").then().statusCode(403);
        given().redirects().follow(false).header("Origin", "https://evil.example")
                .formParam("key", HubTestResource.ADMIN_KEY).post("/login").then().statusCode(403);
    }

    @Test
    void aWrongKeyOpensNoSession() {
        Response refused = given().redirects().follow(false).formParam("key", "bh_wrong").post("/login");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.header("Set-Cookie")).isNull();
        assertThat(refused.asString()).contains("not known").doesNotContain("bh_wrong");
    }
}
