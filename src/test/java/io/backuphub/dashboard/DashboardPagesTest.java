package io.backuphub.dashboard;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.artifact;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.requestBackup;
import static io.backuphub.testing.HubApi.verifiedBackup;
import static io.backuphub.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.testing.HttpReceiver;
import io.backuphub.testing.HubApi;
import io.backuphub.testing.HubTestResource;
import io.backuphub.testing.TestData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * The dashboard's pages in Debian's Chromium against the real hub, each doing what a person does: back
 * up now and watch the job's progress arrive live to "verified", filter jobs, read why a backup failed,
 * pin and unpin a backup and see its tables, delete one by typing its id, restore one through the
 * wizard, create a webhook (its secret shown once), send a test notification, filter and export the
 * audit log. Every page: no console error, no serious axe-core violation; screenshots in
 * target/screenshots.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class DashboardPagesTest extends SignedInBrowser {

    private static final Duration WAIT = Duration.ofMinutes(2);

    @Test
    void backUpNowAndWatchTheJobToVerifiedWithoutReloading() throws IOException {
        driver.get(hub + "/targets/dash-live");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("dash-live");
        driver.findElement(By.xpath("//button[text()='Back up now']")).click();
        await().atMost(Duration.ofSeconds(15)).until(() -> driver.getCurrentUrl().startsWith(hub + "/jobs/"));
        String jobId = driver.getCurrentUrl().substring((hub + "/jobs/").length());
        driver.executeScript("window.stillTheSamePage = true");
        assertThat(fieldText("status")).as("the page opens while the backup runs").isIn("queued", "running");

        await().atMost(WAIT).until(() -> fieldText("status").equals("running")
                && !fieldText("bytes").equals("–"));
        browser.screenshot("job-running");
        await().atMost(WAIT).until(() -> fieldText("status").equals("succeeded")
                && fieldText("verification").equals("backup verified"));
        assertThat(driver.executeScript("return window.stillTheSamePage")).as("updated live, not reloaded")
                .isEqualTo(true);
        JsonPath job = awaitFinished(jobId, WAIT);
        assertThat(field("artifact").findElement(By.tagName("a")).getAttribute("href"))
                .endsWith("/artifacts/" + job.getString("artifactId"));
        assertThat(driver.findElements(By.cssSelector("[data-field=cancel]"))).as("nothing left to cancel").isEmpty();
        browser.screenshot("job-verified");

        driver.get(hub + "/targets/dash-live");
        WebElement history = driver.findElement(By.cssSelector("section[aria-labelledby=history-title] tbody tr"));
        assertThat(history.getText()).contains("succeeded").contains("api").contains("verified");
        await().until(() -> driver.findElements(By.cssSelector(".chart canvas")).size() == 2);
        browser.screenshot("target");
        assertClean();
    }

    @Test
    void aBackupForLaterIsCancelledFromItsPage() throws IOException {
        driver.get(hub + "/targets/dash-orders");
        choose("delay", "in 1 hour");
        driver.findElement(By.xpath("//button[text()='Back up now']")).click();
        await().atMost(Duration.ofSeconds(15)).until(() -> driver.getCurrentUrl().startsWith(hub + "/jobs/"));
        String jobId = driver.getCurrentUrl().substring((hub + "/jobs/").length());
        assertThat(fieldText("status")).isEqualTo("queued");
        assertThat(HubApi.job(jobId).getString("scheduledFor")).as("an hour from now")
                .satisfies(due -> assertThat(java.time.Instant.parse(due))
                        .isAfter(java.time.Instant.now().plus(Duration.ofMinutes(55))));
        field("cancel").click();
        driver.switchTo().alert().accept();
        await().until(() -> fieldText("status").equals("cancelled"));
        assertThat(HubApi.job(jobId).getString("status")).isEqualTo("cancelled");
        assertClean();
    }

    @Test
    void jobsFilterAndAFailedBackupSaysWhy() throws IOException {
        String failed = requestBackup("no-password");
        JsonPath failedJob = awaitFinished(failed, WAIT);
        assertThat(failedJob.getString("status")).isEqualTo("failed");
        awaitFinished(requestBackup("dash-orders"), WAIT);

        driver.get(hub + "/jobs");
        choose("status", "failed");
        await().until(() -> driver.getCurrentUrl().contains("status=failed"));
        List<WebElement> badges = driver.findElements(By.cssSelector("[data-jobs] tbody .badge"));
        assertThat(badges).isNotEmpty().allSatisfy(b -> assertThat(b.getText()).isEqualTo("failed"));
        choose("targetId", "no-password");
        await().until(() -> driver.getCurrentUrl().contains("targetId=no-password"));
        assertThat(driver.findElements(By.cssSelector("[data-jobs] tbody tr")))
                .allSatisfy(row -> assertThat(row.getText()).contains("no-password"))
                .anySatisfy(row -> assertThat(row.getAttribute("data-job")).isEqualTo(failed));
        browser.screenshot("jobs-filtered");
        assertThat(api().get("/api/v1/jobs?targetId=no-password&trigger=api").then().statusCode(200).extract()
                .jsonPath().getList("items.id", String.class)).contains(failed);
        assertThat(api().get("/api/v1/jobs?targetId=no-password&trigger=webhook").then().statusCode(200).extract()
                .jsonPath().getList("items")).isEmpty();

        driver.findElement(By.cssSelector("[data-job='" + failed + "'] a")).click();
        await().until(() -> driver.getCurrentUrl().endsWith("/jobs/" + failed));
        assertThat(fieldText("status")).isEqualTo("failed");
        WebElement raw = driver.findElement(By.cssSelector("details.raw-error"));
        assertThat(raw.getAttribute("open")).as("no rule explains it: the tool's own error is open").isNotNull();
        assertThat(raw.findElement(By.tagName("pre")).getText()).isEqualTo(failedJob.getString("error"));
        assertClean();
    }

    @Test
    void pinUnpinSeeTheTablesAndDeleteByTypingTheId() throws IOException {
        String artifactId = verifiedBackup("dash-orders");
        driver.get(hub + "/artifacts/" + artifactId);
        List<String> tables = artifact(artifactId).getList("fingerprint.tables.name");
        assertThat(tables).isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("[data-tables] tbody tr td:first-child")))
                .extracting(WebElement::getText).containsExactlyElementsOf(tables);

        driver.findElement(By.name("reason")).sendKeys("before the v2 migration");
        driver.findElement(By.xpath("//button[text()='Pin']")).click();
        await().until(() -> !driver.findElements(By.cssSelector("[data-pin]")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("[data-pin]")).getText()).contains("before the v2 migration");
        assertThat(artifact(artifactId).getString("pinReason")).isEqualTo("before the v2 migration");
        browser.screenshot("artifact-pinned");
        assertClean();
        driver.findElement(By.xpath("//button[text()='Unpin']")).click();
        await().until(() -> !driver.findElements(By.name("reason")).isEmpty());
        assertThat(artifact(artifactId).getString("pinReason")).isNull();

        driver.findElement(By.xpath("//button[text()='Verify now']")).click();
        await().atMost(Duration.ofSeconds(15)).until(() -> driver.getCurrentUrl().startsWith(hub + "/jobs/"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).startsWith("Verify of dash-orders");
        await().atMost(WAIT).until(() -> fieldText("status").equals("succeeded"));
        driver.get(hub + "/artifacts/" + artifactId);

        driver.findElement(By.cssSelector("details.danger-zone summary")).click();
        WebElement delete = driver.findElement(By.xpath("//button[starts-with(text(), 'Delete ')]"));
        WebElement confirm = driver.findElement(By.name("confirm"));
        confirm.sendKeys(artifactId.substring(0, 10));
        assertThat(delete.isEnabled()).as("not until the id is typed in full").isFalse();
        confirm.sendKeys(artifactId.substring(10));
        assertThat(delete.isEnabled()).isTrue();
        delete.click();
        await().until(() -> driver.getCurrentUrl().contains("/artifacts?targetId=dash-orders"));
        api().get("/api/v1/artifacts/" + artifactId).then().statusCode(404);
    }

    @Test
    void aScheduleIsPausedAndResumedFromTheSchedulesPage() throws IOException {
        String id = api().body("{\"targetId\":\"dash-orders\",\"cron\":\"0 3 * * *\",\"timezone\":\"UTC\"}")
                .post("/api/v1/schedules").then().statusCode(201).extract().path("id");
        try {
            driver.get(hub + "/schedules");
            String row = "//tr[td[1][starts-with(normalize-space(.), '" + id + "')]]";
            assertThat(driver.findElement(By.xpath(row + "/td[4]/time")).getAttribute("datetime"))
                    .as("the next run the API computes").isEqualTo(schedule(id).getString("nextFireTimes[0]"));
            driver.findElement(By.xpath(row + "//button[text()='Pause']")).click();
            await().until(() -> !driver.findElements(By.xpath(row + "//button[text()='Resume']")).isEmpty());
            assertThat(schedule(id).getBoolean("enabled")).isFalse();
            assertThat(driver.findElement(By.xpath(row + "/td[6]")).getText()).startsWith("paused");
            assertClean();
            driver.findElement(By.xpath(row + "//button[text()='Resume']")).click();
            await().until(() -> !driver.findElements(By.xpath(row + "//button[text()='Pause']")).isEmpty());
            assertThat(schedule(id).getBoolean("enabled")).isTrue();
        } finally {
            api().delete("/api/v1/schedules/" + id).then().statusCode(204);
        }
    }

    @Test
    void theRestoreWizardPreviewsAsksForTheNameAndRestores() throws IOException {
        String artifactId = verifiedBackup("restore-src");
        driver.get(hub + "/artifacts/" + artifactId);
        driver.findElement(By.linkText("Restore…")).click();
        await().until(() -> driver.getCurrentUrl().endsWith("/restore?artifact=" + artifactId));
        choose("targetId", "restore-scratch");
        driver.findElement(By.xpath("//button[text()='Preview']")).click();
        WebElement plan = driver.findElement(By.cssSelector("[data-restore-plan]"));
        await().until(plan::isDisplayed);
        String database = driver.findElement(By.cssSelector("[data-plan=database]")).getText();
        assertThat(database).startsWith(TestData.RESTORE_SOURCE_DB + "_restored_");
        assertThat(driver.findElement(By.cssSelector("[data-plan=destination]")).getText()).contains("restore-scratch");
        browser.screenshot("restore-plan");
        assertClean();

        WebElement restore = driver.findElement(By.xpath("//button[text()='Restore']"));
        driver.findElement(By.name("confirmName")).sendKeys("wrong-name");
        assertThat(restore.isEnabled()).isFalse();
        driver.findElement(By.name("confirmName")).clear();
        driver.findElement(By.name("confirmName")).sendKeys(database);
        restore.click();
        await().atMost(Duration.ofSeconds(15)).until(() -> driver.getCurrentUrl().startsWith(hub + "/jobs/"));
        await().atMost(WAIT).until(() -> fieldText("status").equals("succeeded"));
        // A finished restore's page is drawn again by the server, with what the restore made.
        await().until(() -> !driver.findElements(By.cssSelector("[data-restored]")).isEmpty());
        String jobId = driver.getCurrentUrl().substring((hub + "/jobs/").length());
        JsonPath job = awaitFinished(jobId, WAIT);
        assertThat(job.getString("kind")).isEqualTo("restore");
        assertThat(job.getMap("options")).containsEntry("database", database);
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Restore into " + database);
        assertThat(driver.findElement(By.cssSelector("[data-restored]")).getText())
                .contains(database + " on restore-scratch").contains("equals the backup");
        browser.screenshot("restore-done");
    }

    @Test
    void aWebhookShowsItsSecretOnceAndATestNotificationArrives() throws IOException {
        driver.get(hub + "/webhooks");
        driver.findElement(By.name("name")).sendKeys("ci from the dashboard");
        driver.findElement(By.xpath("//button[text()='Create']")).click();
        WebElement secretBox = driver.findElement(By.cssSelector("[data-secret]"));
        await().until(secretBox::isDisplayed);
        String secret = driver.findElement(By.cssSelector("[data-secret-value]")).getAttribute("value");
        assertThat(secret).hasSizeGreaterThan(20);
        assertThat(driver.findElement(By.cssSelector("[data-secret-url]")).getAttribute("value"))
                .startsWith(hub + "/hooks/");
        driver.findElement(By.xpath("//button[text()='Copy']")).click();
        await().until(() -> driver.findElement(By.cssSelector("[data-copied]")).getText().equals("Copied."));
        browser.screenshot("webhook-secret");
        driver.navigate().refresh();
        assertThat(driver.getPageSource()).as("shown once").doesNotContain(secret).contains("ci from the dashboard");
        assertClean();

        HttpReceiver receiver = HubTestResource.receiver();
        driver.get(hub + "/notifications");
        driver.findElement(By.cssSelector("[data-channel=hook] button")).click();
        await().until(() -> driver.findElement(By.cssSelector("[data-channel=hook] [data-message-out]")).getText()
                .startsWith("Test message queued"));
        await().atMost(WAIT).until(() -> receiver.received("/hook").stream()
                .anyMatch(r -> r.body().contains("\"event\":\"test\"")));
        assertClean();
    }

    @Test
    void theAuditLogFiltersAndExports() throws IOException {
        driver.get(hub + "/audit");
        driver.findElement(By.name("action")).sendKeys("dashboard.login");
        driver.findElement(By.xpath("//button[text()='Filter']")).click();
        await().until(() -> driver.getCurrentUrl().contains("action=dashboard.login"));
        assertThat(driver.findElements(By.cssSelector("tbody tr td:nth-child(3)"))).isNotEmpty()
                .allSatisfy(cell -> assertThat(cell.getText()).isEqualTo("dashboard.login"));
        @SuppressWarnings("unchecked")
        Map<String, Object> csv = (Map<String, Object>) driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const link = [...document.querySelectorAll('a')].find(a => a.textContent === 'CSV');
                fetch(link.href, {credentials: 'same-origin'}).then(async r => done({status: r.status,
                    type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition'),
                    body: await r.text()}));
                """);
        assertThat(csv).containsEntry("status", 200L);
        assertThat((String) csv.get("type")).startsWith("text/csv");
        assertThat((String) csv.get("disposition")).startsWith("attachment; filename=\"audit-");
        String[] lines = ((String) csv.get("body")).split("\r\n");
        assertThat(lines[0]).isEqualTo("id,occurredAt,actor,action,resource,source,outcome,detail");
        assertThat(lines).hasSizeGreaterThan(1);
        assertThat(List.of(lines).subList(1, lines.length))
                .allSatisfy(l -> assertThat(l).contains(",dashboard.login,"));
        browser.screenshot("audit");
        assertClean();

        for (String page : List.of("/schedules", "/artifacts", "/restore", "/jobs")) {
            driver.get(hub + page);
            assertClean();
        }
        driver.manage().window().setSize(new Dimension(375, 812));
        for (String page : List.of("/targets/dash-orders", "/jobs", "/artifacts", "/webhooks")) {
            driver.get(hub + page);
            Object wider = driver.executeScript("const w = document.documentElement.clientWidth;"
                    + " return [...document.querySelectorAll('body *')].filter(e => !e.closest('.scroll')"
                    + " && e.getBoundingClientRect().right > w + 1).map(e => e.tagName + '.' + e.className).slice(0, 5)");
            assertThat((List<?>) wider).as(page + " fits a phone's screen (tables scroll)").isEmpty();
        }
        browser.screenshot("target-375px");
    }

    /** Picks an option (by its text or value) as a person does, which fires the select's change event. */
    private void choose(String select, String option) {
        driver.findElement(By.xpath("//select[@name='" + select + "']/option[text()='" + option + "' or @value='"
                + option + "']")).click();
    }

    private static JsonPath schedule(String id) {
        return api().get("/api/v1/schedules/" + id).then().statusCode(200).extract().jsonPath();
    }

    private WebElement field(String name) {
        return driver.findElement(By.cssSelector("[data-field=" + name + "]"));
    }

    /**
     * A live field's text. The job page replaces its fields as the job moves on, so an element found a
     * moment ago can be gone when it is read; then it is found again.
     */
    private String fieldText(String name) {
        for (int attempt = 1;; attempt++) {
            try {
                return field(name).getText();
            } catch (StaleElementReferenceException replaced) {
                if (attempt == 5) {
                    throw replaced;
                }
            }
        }
    }

}
