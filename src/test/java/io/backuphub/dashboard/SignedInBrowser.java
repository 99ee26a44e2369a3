package io.backuphub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.testing.Browser;
import io.backuphub.testing.HubTestResource;
import io.restassured.RestAssured;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.chrome.ChromeDriver;

/** A dashboard browser test's start: Chromium, signed in with the admin key; and what every page must be. */
abstract class SignedInBrowser {

    protected Browser browser;
    protected ChromeDriver driver;
    protected String hub;

    @BeforeEach
    void signIn() throws IOException {
        browser = Browser.start();
        driver = browser.driver();
        hub = "http://localhost:" + RestAssured.port;
        browser.logIn(hub, HubTestResource.ADMIN_KEY);
        assertThat(driver.getCurrentUrl()).isEqualTo(hub + "/");
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    /** No console error and no serious axe-core violation on the page shown. */
    protected void assertClean() throws IOException {
        assertThat(browser.consoleErrors()).as(driver.getCurrentUrl() + ": console").isEmpty();
        assertThat(browser.seriousAccessibilityViolations()).as(driver.getCurrentUrl() + ": axe-core").isEmpty();
    }
}
