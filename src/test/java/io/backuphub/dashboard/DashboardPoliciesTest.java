package io.backuphub.dashboard;

import static io.backuphub.testing.HubApi.api;
import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.policy.PoliciesTest;
import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/**
 * Policies in Chromium: the policies page says whom each selects and what it gives, in words, with the
 * targets it selects; a target's page shows each setting with where it comes from, linking the policy.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class DashboardPoliciesTest extends SignedInBrowser {

    @Test
    void thePoliciesPageAndATargetsSettingsSayWhereEachValueComesFrom() throws IOException {
        Files.writeString(HubTestResource.policiesFile(), PoliciesTest.POLICIES);
        api().post("/api/v1/targets/reload").then().statusCode(200);

        driver.get(hub + "/policies");
        WebElement gold = driver.findElement(By.cssSelector("[data-policy='pt-gold']"));
        assertThat(gold.getText()).contains("Selects environment staging; labels tier=gold.");
        assertThat(setting(gold, "stores")).isEqualTo("offsite");
        assertThat(setting(gold, "retention")).contains("the last 2");
        assertThat(gold.findElements(By.cssSelector("[data-selected-target]"))).extracting(WebElement::getText)
                .containsExactly("policy-shop");
        WebElement team = driver.findElement(By.cssSelector("[data-policy='pt-team']"));
        assertThat(setting(team, "schedule")).isEqualTo("0 3 1 1 * in Europe/Berlin");
        assertThat(setting(team, "expectedEvery")).isEqualTo("12 h");
        assertThat(driver.findElement(By.id("template-compliance-7y")).isDisplayed()).isTrue();
        assertClean();
        browser.screenshot("policies");

        gold.findElement(By.linkText("policy-shop")).click();
        WebElement settings = driver.findElement(By.cssSelector("[data-effective-policy]"));
        WebElement stores = settings.findElement(By.cssSelector("tr[data-setting='stores']"));
        assertThat(stores.getText()).contains("offsite").contains("policy pt-gold");
        assertThat(stores.findElement(By.linkText("policy pt-gold")).getAttribute("href"))
                .endsWith("/policies#policy-pt-gold");
        assertThat(settings.findElement(By.cssSelector("tr[data-setting='expectedEvery']")).getText())
                .contains("6 h").contains("this target");
        assertThat(settings.findElement(By.cssSelector("tr[data-setting='compression']")).getText())
                .contains("the hub's default");
        assertThat(driver.findElement(By.cssSelector("[aria-labelledby='retention-title']")).getText())
                .contains("Policy pt-gold (policies file): keep the last 2");
        assertThat(driver.findElement(By.cssSelector("[aria-labelledby='schedules-title']")).getText())
                .contains("from the target's policy");
        assertThat(driver.findElement(By.cssSelector(".meta")).getText()).contains("team=pt-shop")
                .contains("tier=gold");
        assertClean();
        driver.executeScript("arguments[0].scrollIntoView()", settings);
        browser.screenshot("target-settings");

        driver.manage().window().setSize(new Dimension(375, 812));
        for (String page : new String[]{"/policies", "/targets/policy-shop"}) {
            driver.get(hub + page);
            Object wider = driver.executeScript("const w = document.documentElement.clientWidth;"
                    + " return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1"
                    + " && getComputedStyle(e).visibility !== 'hidden').map(e => e.tagName).slice(0, 5)");
            assertThat((java.util.List<?>) wider).as(page + " at 375 px").isEmpty();
        }
    }

    private static String setting(WebElement policy, String name) {
        return policy.findElement(By.cssSelector("tr[data-setting='" + name + "'] td")).getText();
    }
}
