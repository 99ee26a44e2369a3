package io.backuphub.dashboard;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.as;
import static io.backuphub.testing.HubApi.newKey;
import static io.backuphub.testing.HubApi.verifiedBackup;
import static io.backuphub.testing.Waits.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.testing.HubTestResource;
import io.backuphub.testing.KeycloakServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard for a team: a viewer is shown no action it may not take (no delete, restore, back up or
 * settings), an admin makes a key on the keys page, copies its secret shown once, and revokes it, and
 * gives a person who signed in a role on the people page.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class DashboardAccessTest extends SignedInBrowser {

    @Test
    void aViewerSeesNoActionItMayNotTake() throws IOException {
        String artifact = verifiedBackup("team-shop-a");
        String name = "dash-viewer-" + System.nanoTime();
        String viewer = newKey(name, "\"role\":\"viewer\",\"targets\":[\"team-shop-*\"]");
        driver.manage().deleteAllCookies(); // signed out of the admin's session
        browser.logIn(hub, viewer);
        assertThat(driver.findElement(By.cssSelector("[data-signed-in-as]")).getText())
                .isEqualTo("Signed in as key:" + name + " (viewer)");
        assertThat(navigation()).contains("Overview", "Jobs", "Backups", "Schedules")
                .doesNotContain("Restore", "Webhooks", "Notifications", "API keys", "Audit");
        assertThat(driver.findElements(By.xpath("//button[normalize-space()='Back up now']"))).isEmpty();

        driver.get(hub + "/artifacts/" + artifact);
        assertThat(driver.findElements(By.linkText("Download"))).hasSize(1);
        assertThat(driver.findElements(By.linkText("Restore…"))).isEmpty();
        assertThat(driver.findElements(By.xpath("//button[normalize-space()='Verify now']"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector(".danger-zone"))).isEmpty();
        assertThat(driver.findElements(By.xpath("//button[normalize-space()='Pin']"))).isEmpty();
        assertClean();

        driver.get(hub + "/targets/team-shop-a");
        assertThat(driver.findElements(By.xpath("//button[normalize-space()='Back up now']"))).isEmpty();
        assertThat(driver.findElements(By.xpath("//summary[normalize-space()='Add a schedule']"))).isEmpty();
        browser.screenshot("viewer-target");

        // What it is not shown it also may not open: a page of a target out of scope is not there.
        driver.get(hub + "/targets/team-vault");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        driver.get(hub + "/keys");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
    }

    @Test
    void anAdminCreatesAKeySeesItsSecretOnceAndRevokesIt() throws IOException {
        driver.get(hub + "/keys");
        String name = "dash-made-" + System.nanoTime();
        driver.findElement(By.name("name")).sendKeys(name);
        driver.findElement(By.name("targets")).sendKeys("team-shop-*");
        driver.findElement(By.xpath("//button[text()='Create']")).click();
        WebElement secretBox = driver.findElement(By.cssSelector("[data-secret]"));
        await().until(secretBox::isDisplayed);
        String secret = driver.findElement(By.cssSelector("[data-secret-value]")).getAttribute("value");
        assertThat(secret).startsWith("bh_");
        assertThat(driver.findElement(By.cssSelector("[data-secret-name]")).getText()).isEqualTo(name);
        browser.screenshot("key-secret");
        assertClean();

        // The key works as made: an operator of the shop targets.
        assertThat(as(secret).get("/api/v1/me").then().statusCode(200).extract().jsonPath().getString("role"))
                .isEqualTo("operator");
        driver.navigate().refresh();
        assertThat(driver.getPageSource()).doesNotContain(secret);
        String row = "//tr[@data-key='" + name + "']";
        assertThat(driver.findElement(By.xpath(row + "/td[2]")).getText()).contains("operator").contains("team-shop-*");

        driver.findElement(By.xpath(row + "//button[text()='Revoke']")).click();
        driver.switchTo().alert().accept();
        await().atMost(Duration.ofSeconds(10)).until(() -> driver.findElement(By.xpath(row + "//td[@data-key-state]"))
                .getText().startsWith("revoked"));
        await().atMost(Duration.ofSeconds(6)).until(() -> as(secret).get("/api/v1/me").statusCode() == 401);
        assertThat(api().get("/api/v1/audit?action=key.revoke").then().statusCode(200).extract().jsonPath()
                .getList("items.resource", String.class)).contains("key/" + name);
        assertClean();
    }

    @Test
    void anAdminGivesAPersonWhoSignedInARole() throws IOException {
        String email = "carol-" + System.nanoTime() + "@example.com";
        given().header("Cf-Access-Jwt-Assertion", HubTestResource.access().person(email)).get("/api/v1/me").then()
                .statusCode(200);
        driver.get(hub + "/users");
        String row = "//tr[@data-user='" + email + "']";
        driver.findElement(By.xpath(row + "//select[@name='role']/option[@value='operator']")).click();
        driver.findElement(By.xpath(row + "//input[@name='environments']")).sendKeys("team-staging");
        driver.findElement(By.xpath(row + "//button[text()='Save']")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> given().header("Cf-Access-Jwt-Assertion",
                HubTestResource.access().person(email)).get("/api/v1/me").jsonPath().getString("role")
                .equals("operator"));
        assertThat(given().header("Cf-Access-Jwt-Assertion", HubTestResource.access().person(email))
                .get("/api/v1/me").jsonPath().getList("environments", String.class)).containsExactly("team-staging");
        browser.screenshot("people");
        assertClean();
    }

    @Test
    void aPersonSignsInThroughTheOidcProvider() throws IOException {
        KeycloakServer keycloak = HubTestResource.keycloak();
        keycloak.group("shop-ops");
        String name = "oidc-" + System.nanoTime();
        String email = name + "@example.com";
        keycloak.person(name, email, true, "sign-in-password", java.util.List.of("shop-ops"));
        driver.manage().deleteAllCookies(); // signed out of the admin's session
        driver.get(hub + "/login");
        driver.findElement(By.linkText("Sign in with Keycloak")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> !driver.findElements(By.id("username")).isEmpty());
        driver.findElement(By.id("username")).sendKeys(name);
        driver.findElement(By.id("password")).sendKeys("sign-in-password");
        driver.findElement(By.id("kc-login")).click();

        await().atMost(Duration.ofSeconds(30)).until(() -> driver.getCurrentUrl().equals(hub + "/")
                && !driver.findElements(By.cssSelector("[data-signed-in-as]")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("[data-signed-in-as]")).getText())
                .isEqualTo("Signed in as user:" + email + " (operator)");
        assertThat(navigation()).doesNotContain("API keys", "People", "Restore");
        assertThat(driver.findElements(By.cssSelector("[data-target]")).stream()
                .map(tile -> tile.getAttribute("data-target")).toList()).containsExactly("team-shop-a");
        // The hub's session is the one: quarkus-oidc's own session cookie is gone.
        assertThat(driver.manage().getCookies().stream().map(org.openqa.selenium.Cookie::getName).toList())
                .contains("hub_session").doesNotContain("q_session");
        browser.screenshot("oidc-signed-in");
        assertClean();
        assertThat(api().get("/api/v1/audit?action=dashboard.login&principal=user:" + email).then().statusCode(200)
                .extract().jsonPath().getList("items.detail", String.class)).containsExactly("oidc");
    }

    private java.util.List<String> navigation() {
        return driver.findElements(By.cssSelector("nav#pages a")).stream().map(WebElement::getText).toList();
    }
}
