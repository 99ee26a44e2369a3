package io.backuphub.dashboard;

import static io.backuphub.testing.HubApi.verifiedBackup;
import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.testing.Browser;
import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard in Debian's Chromium against the real hub: logging in with an API key (kept out of
 * the browser's storage; the session cookie is HttpOnly and SameSite=Strict), the overview turning
 * a target green once it has a verified backup, filters, dark mode and a phone-sized screen, writes
 * without the session's CSRF token refused, logging out, an empty console and no serious axe-core
 * violation. Screenshots go to target/screenshots.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class DashboardBrowserTest {

    private Browser browser;
    private ChromeDriver driver;
    private String hub;

    @BeforeEach
    void open() throws IOException {
        browser = Browser.start();
        driver = browser.driver();
        hub = "http://localhost:" + RestAssured.port;
    }

    @AfterEach
    void close() {
        browser.close();
    }

    @Test
    void aPersonLogsInWithAKeySeesTargetsTurnGreenAndLogsOut() throws IOException {
        driver.get(hub + "/");
        assertThat(driver.getCurrentUrl()).as("no session: the login page").isEqualTo(hub + "/login");
        browser.logIn(hub, "not-a-key");
        assertThat(driver.findElement(By.cssSelector("[role=alert]")).getText()).contains("not known");
        assertThat(browser.consoleErrors()).as("a refused key is a 401, and only that")
                .singleElement().asString().contains("/login").contains("401");

        browser.logIn(hub, HubTestResource.ADMIN_KEY);
        assertThat(driver.getCurrentUrl()).isEqualTo(hub + "/");
        assertThat(driver.getTitle()).startsWith("Overview");
        Cookie session = driver.manage().getCookieNamed("hub_session");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(driver.executeScript("return document.cookie")).asString().doesNotContain("hub_session");
        assertThat(driver.executeScript("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage)"))
                .asString().doesNotContain(HubTestResource.ADMIN_KEY);
        assertThat(tile("dash-orders").getAttribute("class")).contains("yellow");
        assertThat(tile("dash-orders").getText()).contains("no backup yet");

        verifiedBackup("dash-orders");
        driver.navigate().refresh();
        assertThat(tile("dash-orders").getAttribute("class")).contains("green");
        assertThat(tile("dash-orders").findElement(By.cssSelector("time")).getAttribute("title")).endsWith("Z (UTC)");
        browser.screenshot("overview");

        WebElement search = driver.findElement(By.cssSelector("[data-search]"));
        driver.findElement(By.tagName("body")).sendKeys("/");
        assertThat(driver.switchTo().activeElement()).isEqualTo(search);
        search.sendKeys("dash-orders");
        assertThat(tile("dash-orders").isDisplayed()).isTrue();
        assertThat(tile("orders-local").isDisplayed()).isFalse();

        assertThat(browser.consoleErrors()).isEmpty();
        assertThat(browser.seriousAccessibilityViolations()).isEmpty();

        driver.findElement(By.cssSelector("[data-logout]")).click();
        io.backuphub.testing.Waits.await().until(() -> driver.getCurrentUrl().equals(hub + "/login"));
        driver.get(hub + "/");
        assertThat(driver.getCurrentUrl()).as("the session ended with the logout").isEqualTo(hub + "/login");
    }

    @Test
    void darkModeChangesTheColoursAndKeepsTheContrast() throws IOException {
        browser.logIn(hub, HubTestResource.ADMIN_KEY);
        String light = (String) driver.executeScript("return getComputedStyle(document.body).backgroundColor");
        driver.findElement(By.cssSelector("[data-theme-toggle]")).click();
        String dark = (String) driver.executeScript("return getComputedStyle(document.body).backgroundColor");
        assertThat(dark).isNotEqualTo(light);
        browser.screenshot("overview-dark");
        assertThat(browser.seriousAccessibilityViolations()).as("contrast in dark mode too").isEmpty();
    }

    @Test
    void onAPhoneSizedScreenNothingIsWiderThanTheScreen() throws IOException {
        browser.logIn(hub, HubTestResource.ADMIN_KEY);
        driver.manage().window().setSize(new Dimension(375, 812));
        driver.navigate().refresh();
        Object wider = driver.executeScript("const w = document.documentElement.clientWidth;"
                + " return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)"
                + ".map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 5)");
        assertThat((java.util.List<?>) wider).as("nothing wider than the phone's screen").isEmpty();
        browser.screenshot("overview-375px");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aWriteWithTheSessionButWithoutItsCsrfTokenIsRefused() {
        browser.logIn(hub, HubTestResource.ADMIN_KEY);
        @SuppressWarnings("unchecked")
        Map<String, Object> answers = (Map<String, Object>) driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const post = (headers) => fetch('/api/v1/targets/dash-orders/backups', {method: 'POST',
                    credentials: 'same-origin', headers: Object.assign({'Content-Type': 'application/json'}, headers),
                    body: JSON.stringify({delay: 'PT1H'})}).then(r => r.status);
                const token = document.querySelector('meta[name="csrf-token"]').content;
                Promise.all([post({}), post({'X-CSRF-Token': 'forged'}), post({'X-CSRF-Token': token}),
                    fetch('/api/v1/targets', {credentials: 'same-origin'}).then(r => r.status)])
                  .then(([none, forged, real, read]) => done({none, forged, real, read}));
                """);
        assertThat(answers).containsEntry("none", 403L).containsEntry("forged", 403L).containsEntry("real", 202L)
                .containsEntry("read", 200L);
    }

    private WebElement tile(String targetId) {
        return driver.findElement(By.cssSelector("[data-target='" + targetId + "']"));
    }
}
