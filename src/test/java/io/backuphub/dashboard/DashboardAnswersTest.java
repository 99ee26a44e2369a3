package io.backuphub.dashboard;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.requestBackup;
import static io.backuphub.testing.HubApi.verifiedBackup;
import static io.backuphub.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The dashboard answers what people ask it, in Chromium against the real hub: why a backup failed and
 * what to do (and a Retry), sortable tables, charts with axes and values, schedules and retention
 * changed through forms checked by the API's own rules, a restore by target and date into a new
 * database that the result names, errors said in place, pages for dashboard links that fail, and every
 * page fitting a phone with axe-core clean in both themes.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class DashboardAnswersTest extends SignedInBrowser {

    private static final Duration WAIT = Duration.ofMinutes(2);

    @Test
    void aFailingTargetSaysWhyAndWhatToDoAndIsRetriedFromItsTile() throws IOException {
        JsonPath failed = awaitFinished(requestBackup("crm-missing"), WAIT);
        assertThat(failed.getString("status")).isEqualTo("failed");

        driver.get(hub + "/");
        WebElement tile = tile("crm-missing");
        assertThat(tile.getAttribute("class")).contains("red");
        assertThat(tile.findElement(By.cssSelector(".status")).getText()).isEqualToIgnoringCase("failing");
        assertThat(tile.findElement(By.cssSelector(".reason")).getText())
                .as("the cause first, not pg_dump's first lines").contains("database \"crm\" does not exist");
        assertThat(tile.findElement(By.cssSelector(".fix")).getText()).contains("Create it");
        assertThat(tile.getText()).containsPattern("Failing since .+ · \\d+ in a row");
        browser.screenshot("overview-failing");

        tile.findElement(By.xpath(".//button[text()='Retry']")).click();
        await().atMost(Duration.ofSeconds(15)).until(() -> driver.getCurrentUrl().startsWith(hub + "/jobs/"));
        String retried = driver.getCurrentUrl().substring((hub + "/jobs/").length());
        assertThat(retried).isNotEqualTo(failed.getString("id"));
        awaitFinished(retried, WAIT);
        await().atMost(WAIT).until(() -> !driver.findElements(By.cssSelector("[data-field=cause]")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("[data-field=cause]")).getText())
                .contains("Why: The database \"crm\" does not exist").contains("Fix:")
                .contains("targets.yaml: crm-missing.database.name");
        WebElement raw = driver.findElement(By.cssSelector("details.raw-error"));
        assertThat(raw.getAttribute("open")).as("the tool's own error is one click away").isNull();
        raw.findElement(By.tagName("summary")).click();
        assertThat(raw.findElement(By.tagName("pre")).getText()).contains("pg_dump");
        assertThat(driver.findElements(By.cssSelector("dl.facts dd"))).extracting(WebElement::getText)
                .as("no block of dashes for a job that never stored anything").doesNotContain("–");
        browser.screenshot("job-failed-explained");
        assertClean();
    }

    /** The overview refreshes its tiles on its own (every 30 s, and when the tab is shown again). */
    @Test
    void theOverviewShowsWhatChangedWithoutAReload() throws IOException {
        awaitFinished(requestBackup("crm-missing"), WAIT);
        driver.get(hub + "/");
        driver.executeScript("window.stillTheSamePage = true");
        String before = tile("crm-missing").findElement(By.xpath(".//p[starts-with(., 'Failing since')]")).getText();
        awaitFinished(requestBackup("crm-missing"), WAIT);
        driver.executeScript("document.dispatchEvent(new Event('hub:refresh'))"); // what showing the tab again does
        await().until(() -> !tile("crm-missing").findElement(By.xpath(".//p[starts-with(., 'Failing since')]"))
                .getText().equals(before));
        assertThat(driver.executeScript("return window.stillTheSamePage")).isEqualTo(true);
        assertThat(driver.findElement(By.cssSelector("[data-updated]")).getText()).endsWith("s ago");
        assertClean();
    }

    @Test
    void theJobsTableSortsByAColumnThroughTheApi() throws IOException {
        awaitFinished(requestBackup("dash-answers"), WAIT);
        awaitFinished(requestBackup("crm-missing"), WAIT);
        driver.get(hub + "/jobs");
        driver.findElement(By.linkText("Target")).click();
        await().until(() -> driver.getCurrentUrl().contains("sort=-target")
                || driver.getCurrentUrl().contains("sort=target"));
        String direction = driver.findElement(By.xpath("//th[a[text()='Target']]")).getAttribute("aria-sort");
        List<String> targets = driver.findElements(By.cssSelector("[data-jobs] tbody tr td:nth-child(2)")).stream()
                .map(WebElement::getText).toList();
        assertThat(targets).hasSizeGreaterThan(1);
        assertThat(targets).isSortedAccordingTo(direction.equals("descending")
                ? java.util.Comparator.<String>reverseOrder() : java.util.Comparator.<String>naturalOrder());
        driver.findElement(By.linkText("Target")).click();
        await().until(() -> !driver.findElement(By.xpath("//th[a[text()='Target']]")).getAttribute("aria-sort")
                .equals(direction));
        assertClean();
    }

    @Test
    void aTargetsChartHasADateAxisUnitsAndAValueOnHover() throws IOException {
        verifiedBackup("dash-answers");
        verifiedBackup("dash-answers");
        driver.get(hub + "/targets/dash-answers?days=7");
        WebElement sizes = driver.findElement(By.cssSelector("[data-chart=sizes]"));
        await().until(() -> !sizes.findElements(By.tagName("canvas")).isEmpty());
        @SuppressWarnings("unchecked")
        List<List<String>> axes = (List<List<String>>) driver.executeScript(
                "return arguments[0].uplot.axes.map(a => (a._values || []).map(String))", sizes);
        assertThat(axes.get(0)).as("the time axis").isNotEmpty().anyMatch(label -> label.matches(".*\\d.*"));
        assertThat(axes.get(1)).as("the size axis, in units").isNotEmpty()
                .allMatch(label -> label.matches("[\\d.]+ (bytes|KB|MB|GB)"));
        driver.executeScript("window.scrollTo(0, 0)");
        browser.screenshot("target-overview");
        WebElement canvas = sizes.findElement(By.cssSelector(".u-over"));
        new Actions(driver).moveToElement(canvas, canvas.getSize().width / 2 - 2, 0).perform();
        await().until(() -> driver.findElements(By.cssSelector("[data-chart=sizes] .u-legend .u-value"))
                .stream().map(WebElement::getText).anyMatch(v -> v.matches("[\\d.]+ (bytes|KB|MB|GB)")));
        browser.screenshot("target-chart");
        assertClean();
    }

    @Test
    void aScheduleIsCreatedAndChangedFromTheTargetsPage() throws IOException {
        driver.get(hub + "/targets/dash-answers");
        WebElement add = driver.findElement(By.xpath("//details[summary[text()='Add a schedule']]"));
        if (add.getAttribute("open") == null) {
            add.findElement(By.tagName("summary")).click();
        }
        WebElement cron = add.findElement(By.name("cron"));
        cron.clear();
        cron.sendKeys("30 3 * * *");
        WebElement zone = add.findElement(By.name("timezone"));
        zone.clear();
        zone.sendKeys("Europe/Berlin");
        await().until(() -> add.findElement(By.cssSelector("[data-schedule-preview]")).getText()
                .startsWith("Runs every day at 03:30 Europe/Berlin"));
        assertThat(add.findElements(By.cssSelector("[data-schedule-preview] time"))).hasSize(5);
        cron.sendKeys(" nonsense");
        await().until(() -> !add.findElements(By.cssSelector("[data-schedule-preview] .error")).isEmpty());
        assertThat(add.findElement(By.cssSelector("[data-schedule-preview] .error")).getText()).startsWith("cron:");
        assertThat(browser.consoleErrors()).as("only the preview's 400, which the form shows")
                .allMatch(e -> e.contains("/api/v1/schedules/preview") && e.contains("400"));
        cron.clear();
        cron.sendKeys("30 3 * * *");
        add.findElement(By.xpath(".//button[text()='Add schedule']")).click();
        await().until(() -> !driver.findElements(By.xpath("//tr[td[contains(., 'every day at 03:30 Europe/Berlin')]]"))
                .isEmpty());
        WebElement row = driver.findElement(By.xpath("//tr[td[contains(., 'every day at 03:30 Europe/Berlin')]]"));
        String id = row.getAttribute("data-schedule");
        try {
            assertThat(api().get("/api/v1/schedules/" + id).then().statusCode(200).extract().path("cron").toString())
                    .isEqualTo("30 3 * * *");
            row.findElement(By.xpath(".//summary[text()='Edit']")).click();
            WebElement edit = row.findElement(By.name("cron"));
            edit.clear();
            edit.sendKeys("0 4 * * 1-5");
            row.findElement(By.xpath(".//button[text()='Save schedule']")).click();
            await().until(() -> "0 4 * * 1-5".equals(api().get("/api/v1/schedules/" + id).then().extract()
                    .path("cron")));
            await().until(() -> driver.findElement(By.cssSelector("tr[data-schedule='" + id + "']")).getText()
                    .contains("on weekdays at 04:00 Europe/Berlin"));
            assertThat(api().get("/api/v1/audit?action=schedule.update").then().extract().jsonPath()
                    .getList("items.resource", String.class)).anyMatch(r -> r.contains(id));
            browser.screenshot("schedule-form");
            assertClean();
        } finally {
            api().delete("/api/v1/schedules/" + id);
        }
    }

    @Test
    void aRetentionChangeIsPreviewedBeforeItIsSaved() throws IOException {
        verifiedBackup("dash-keep");
        verifiedBackup("dash-keep");
        driver.get(hub + "/targets/dash-keep");
        WebElement section = driver.findElement(By.cssSelector("section[aria-labelledby=retention-title]"));
        assertThat(section.getText()).contains("No policy: keeps everything").doesNotContain("{");
        assertThat(section.findElements(By.cssSelector(".error"))).noneMatch(WebElement::isDisplayed);
        section.findElement(By.name("keepLast")).sendKeys("1");
        section.findElement(By.xpath(".//button[text()='Preview']")).click();
        await().until(() -> section.findElement(By.cssSelector("[data-preview-out]")).getText()
                .startsWith("With this policy the next sweep would delete"));
        assertThat(api().get("/api/v1/targets/dash-keep/retention").then().extract().jsonPath().getMap("policy"))
                .as("a preview saves nothing").isNull();
        section.findElement(By.xpath(".//button[text()='Save policy']")).click();
        await().until(() -> driver.findElement(By.cssSelector("section[aria-labelledby=retention-title]")).getText()
                .contains("Policy of this target: keep the last 1"));
        assertThat(api().get("/api/v1/audit?action=retention.policy").then().extract().jsonPath()
                .getList("items.detail", String.class)).contains("keep the last 1");
        assertClean();
    }

    @Test
    void aRestoreByTargetAndDateGoesIntoANewDatabaseThatTheResultNames() throws IOException {
        String newest = verifiedBackup("dash-answers");
        driver.get(hub + "/restore");
        driver.findElement(By.linkText("dash-answers")).click();
        await().until(() -> driver.getCurrentUrl().endsWith("/restore?target=dash-answers"));
        WebElement chosen = driver.findElement(By.cssSelector("input[name=artifact]:checked"));
        assertThat(chosen.getAttribute("value")).as("the newest verified backup").isEqualTo(newest);
        assertThat(chosen.findElement(By.xpath("..")).getText())
                .matches("(?s).*(last night|today|yesterday), \\d\\d:\\d\\d.*");
        browser.screenshot("restore-pick-backup");
        driver.findElement(By.xpath("//button[text()='Next']")).click();
        await().until(() -> driver.getCurrentUrl().contains("artifact=" + newest));
        assertThat(driver.findElement(By.cssSelector("select[name=targetId] option:checked")).getAttribute("value"))
                .as("a staging source restores beside itself by default").isEqualTo("dash-answers");
        driver.findElement(By.xpath("//button[text()='Preview']")).click();
        await().until(() -> driver.findElement(By.cssSelector("[data-restore-plan]")).isDisplayed());
        String database = driver.findElement(By.cssSelector("[data-plan=database]")).getText();
        driver.findElement(By.name("confirmName")).sendKeys(database);
        driver.findElement(By.xpath("//button[text()='Restore']")).click();
        await().atMost(Duration.ofSeconds(15)).until(() -> driver.getCurrentUrl().startsWith(hub + "/jobs/"));
        await().atMost(WAIT).until(() -> !driver.findElements(By.cssSelector("[data-restored]")).isEmpty());
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Restore into " + database);
        assertThat(driver.findElement(By.cssSelector("[data-restored]")).getText())
                .contains(database + " on dash-answers (127.0.0.1)").contains("created as a new database")
                .contains("equals the backup");
        browser.screenshot("restore-result");
        assertClean();
    }

    @Test
    void aProductionBackupIsNeverRestoredOverItsSourceByDefault() {
        String artifact = verifiedBackup("orders"); // production
        driver.get(hub + "/restore?artifact=" + artifact);
        WebElement destination = driver.findElement(By.cssSelector("select[name=targetId] option:checked"));
        assertThat(destination.getAttribute("value")).isNotEqualTo("orders");
        assertThat(destination.getText()).doesNotContain("(production)");
        assertThat(driver.findElement(By.cssSelector("input[name=mode][value=new]")).isSelected()).isTrue();
    }

    @Test
    void aFailedPauseSaysWhyOnThePage() throws IOException {
        String id = api().body("{\"targetId\":\"dash-orders\",\"cron\":\"0 5 * * *\"}").post("/api/v1/schedules")
                .then().statusCode(201).extract().path("id");
        driver.get(hub + "/schedules");
        api().delete("/api/v1/schedules/" + id).then().statusCode(204); // gone before the click
        driver.findElement(By.xpath("//tr[@data-schedule='" + id + "']//button[text()='Pause']")).click();
        WebElement toast = driver.findElement(By.cssSelector("[data-toast]"));
        await().until(toast::isDisplayed);
        assertThat(toast.getText()).contains(id);
        browser.screenshot("toast");
    }

    @Test
    void aDashboardLinkToSomethingGoneAnswersAPageWithAWayBack() {
        driver.get(hub + "/targets/no-such-target");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        assertThat(driver.getPageSource()).contains("no-such-target").doesNotContain("\"status\"");
        assertThat(driver.findElement(By.linkText("Back to the overview")).getAttribute("href")).isEqualTo(hub + "/");
        driver.get(hub + "/artifacts/01aaaaaaaaaaaaaaaaaaaaaaaa");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        api().accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8") // a browser's
                .get("/api/v1/targets/no-such-target").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void everyPageFitsAPhoneAndIsCleanInBothThemes() throws IOException {
        String artifact = verifiedBackup("dash-answers");
        String job = awaitFinished(requestBackup("crm-missing"), WAIT).getString("id");
        List<String> pages = List.of("/", "/jobs", "/jobs/" + job, "/artifacts", "/artifacts/" + artifact,
                "/targets/dash-answers", "/targets/crm-missing", "/restore", "/restore?target=dash-answers",
                "/restore?artifact=" + artifact, "/schedules", "/policies", "/notifications", "/webhooks", "/audit",
                "/targets/pitr-src");
        driver.manage().window().setSize(new Dimension(375, 812));
        for (String page : pages) {
            driver.get(hub + page);
            Object wider = driver.executeScript("const w = document.documentElement.clientWidth;"
                    + " return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1"
                    + " && getComputedStyle(e).visibility !== 'hidden').map(e => e.tagName + '.' + e.className + ' '"
                    + " + Math.round(e.getBoundingClientRect().right)).slice(0, 5)");
            assertThat((List<?>) wider).as(page + " at 375 px: nothing wider than the screen").isEmpty();
            assertClean();
        }
        driver.get(hub + "/");
        assertThat(driver.findElement(By.id("pages")).isDisplayed()).as("the menu is folded on a phone").isFalse();
        driver.findElement(By.cssSelector("[data-menu]")).click();
        assertThat(driver.findElement(By.id("pages")).isDisplayed()).isTrue();
        browser.screenshot("overview-375px-menu");

        driver.manage().window().setSize(new Dimension(1366, 900));
        driver.findElement(By.cssSelector("[data-theme-toggle]")).click();
        for (String page : pages) {
            driver.get(hub + page);
            assertClean();
        }
        driver.get(hub + "/targets/dash-answers");
        browser.screenshot("target-dark");
    }

    private WebElement tile(String target) {
        return driver.findElement(By.cssSelector(".tile[data-target='" + target + "']"));
    }

}
