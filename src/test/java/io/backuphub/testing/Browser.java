package io.backuphub.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium, driven through its chromedriver: a real browser, headless, with a fresh profile
 * and none of its calls home (this machine has no internet, and they would only add noise).
 */
public final class Browser implements AutoCloseable {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Browser start() throws IOException {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new IllegalStateException("browser tests need Debian's chromium and chromium-driver packages"
                    + " (.ci/run installs them)");
        }
        Path profile = Files.createTempDirectory("hub-browser-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        // The page's console, for tests that check it stays free of errors.
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver, profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /**
     * Logs in on the hub's login page with {@code key} as a person does, and waits for the page the
     * form leads to (the overview, or the login page again with its refusal).
     */
    public void logIn(String hub, String key) {
        if (!driver.getCurrentUrl().equals(hub + "/login")) {
            driver.get(hub + "/login");
        }
        WebElement field = driver.findElement(By.id("key"));
        field.clear();
        field.sendKeys(key);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        // The click starts the navigation; the old page's field goes stale once the next page is there.
        Waits.await().atMost(Duration.ofSeconds(15)).until(() -> {
            try {
                field.isEnabled();
                return false;
            } catch (StaleElementReferenceException e) {
                return true;
            }
        });
    }

    /** The console's errors since the last call (messages logged at SEVERE: script errors, failed loads). */
    public java.util.List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(e -> e.getMessage()).toList();
    }

    /** Saves what the browser shows to target/screenshots/{name}.png, for people to look at. */
    public Path screenshot(String name) throws IOException {
        Path file = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        return file;
    }

    /**
     * Runs axe-core (from the build's npm install, target/web) on the page; the violations of impact
     * serious or critical, each as "rule: help (n elements)".
     */
    @SuppressWarnings("unchecked")
    public java.util.List<String> seriousAccessibilityViolations() throws IOException {
        String axe = Files.readString(Path.of("target", "web", "node_modules", "axe-core", "axe.min.js"));
        driver.executeScript(axe);
        Object result = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " axe.run(document).then(r => done(r.violations.filter(v => v.impact === 'serious'"
                + " || v.impact === 'critical').map(v => v.id + ': ' + v.help + ' (' + v.nodes.length"
                + " + ' elements: ' + v.nodes.map(n => n.target.join(' ')).join(', ') + ')')),"
                + " e => done(['axe failed: ' + e]));");
        return (java.util.List<String>) result;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            Files2.deleteTree(profile);
        }
    }
}
