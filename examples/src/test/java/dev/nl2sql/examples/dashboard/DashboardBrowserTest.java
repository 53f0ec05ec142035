package dev.nl2sql.examples.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard end to end in a real headless browser (Debian's chromium through its chromedriver): log in, ask the
 * sample shop a question answered by the small real model, see the SQL, a table and a Plotly chart, pin the chart,
 * open the dashboard and reload it, which runs the pinned SQL again. The model writes meaningless but valid SQL, so
 * the test checks structure, not content. Screenshots go to target/dashboard-screenshots.
 */
class DashboardBrowserTest {

    static final String PASSWORD = "browser test password";
    static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    /**
     * Selenium warns that it has no DevTools bindings for this chromium; the test uses WebDriver only. Held in a
     * field: java.util.logging keeps loggers weakly, and a collected one forgets its level.
     */
    static final java.util.logging.Logger SELENIUM_DEVTOOLS_LOG =
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

    @Test
    void askSeeTablesAndChartsPinAndReload(@TempDir Path dir) throws Exception {
        SELENIUM_DEVTOOLS_LOG.setLevel(Level.SEVERE);
        File chromium = executable("NL2SQL_TEST_CHROMIUM", "/usr/bin/chromium");
        File chromedriver = executable("NL2SQL_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");
        Files.createDirectories(SCREENSHOTS);
        try (DashboardServer server = DashboardServer.start(new DashboardServer.Config(
                SampleDatabase.start(modelProperties()), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                dir.resolve("data"), 120, 1000, PASSWORD))) {
            // The driver's and the browser's paths are given, so Selenium Manager never looks for (or downloads) one.
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                    .usingAnyFreePort().build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--window-size=1400,1100");
            options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
            WebDriver browser = new ChromeDriver(service, options);
            try {
                walkThrough(browser, "http://127.0.0.1:" + server.address().getPort() + "/");
            } finally {
                browser.quit();
            }
        }
    }

    private static void walkThrough(WebDriver browser, String url) throws IOException {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(50));
        WebDriverWait model = new WebDriverWait(browser, Duration.ofSeconds(180), Duration.ofMillis(50));

        browser.get(url);
        wait.until(d -> d.findElement(By.id("login-form")).isDisplayed());
        browser.findElement(By.id("login-user")).sendKeys("admin");
        browser.findElement(By.id("login-password")).sendKeys(PASSWORD);
        browser.findElement(By.id("login-button")).click();
        wait.until(d -> d.findElement(By.id("ask-view")).isDisplayed());

        // Ask: progress while the model writes, then the SQL, a table and a chart.
        assertFalse(browser.findElement(By.id("progress")).isDisplayed());
        browser.findElement(By.id("question")).sendKeys("How many customers are there in Portugal?");
        browser.findElement(By.id("ask-button")).click();
        String progress = model.until(d -> {
            WebElement p = d.findElement(By.id("progress"));
            return p.isDisplayed() ? p.findElement(By.id("progress-text")).getText() : null;
        });
        assertTrue(progress.matches(".*… \\d+\\.\\d s"), progress);
        model.until(d -> d.findElement(By.id("result")).isDisplayed() || d.findElement(By.id("error")).isDisplayed());
        if (browser.findElement(By.id("error")).isDisplayed()) {
            fail("The page shows an error: " + browser.findElement(By.id("error")).getText());
        }
        assertFalse(browser.findElement(By.id("progress")).isDisplayed(), "progress ends with the answer");
        assertTrue(browser.findElement(By.id("sql-editor")).getAttribute("value").startsWith("SELECT"));
        assertFalse(browser.findElements(By.cssSelector("#result-table table th")).isEmpty(), "a table with columns");
        wait.until(d -> !d.findElements(By.cssSelector("#chart.js-plotly-plot svg.main-svg")).isEmpty());
        screenshot(browser, "1-answer.png");

        // Pin the chart to a new dashboard.
        browser.findElement(By.id("pin-dashboard")).sendKeys("Browser test");
        browser.findElement(By.id("pin-chart")).click();
        wait.until(d -> d.findElement(By.id("pin-status")).getText().startsWith("Pinned to Browser test"));

        // Edited SQL runs as plain SQL, with the chart its shape calls for; the user may switch the kind.
        WebElement editor = browser.findElement(By.id("sql-editor"));
        editor.clear();
        editor.sendKeys("SELECT country, COUNT(*) AS customers FROM customers GROUP BY country ORDER BY country");
        browser.findElement(By.id("run-sql")).click();
        wait.until(d -> d.findElements(By.cssSelector("#result-table td")).size() == 14);
        assertEquals("bar", new Select(browser.findElement(By.id("chart-kind"))).getFirstSelectedOption()
                .getAttribute("value"));
        wait.until(d -> !d.findElements(By.cssSelector("#chart g.barlayer path")).isEmpty());
        new Select(browser.findElement(By.id("chart-kind"))).selectByValue("scatter");
        wait.until(d -> d.findElements(By.cssSelector("#chart g.barlayer path")).isEmpty()
                && !d.findElements(By.cssSelector("#chart g.scatterlayer path.point")).isEmpty());

        // The dashboard lists the pin and runs its SQL on opening, and again on reloading the page.
        browser.findElement(By.id("nav-dashboards")).click();
        wait.until(d -> d.findElement(By.id("dashboard-list")).getText().contains("Browser test (1)"));
        browser.findElement(By.linkText("Browser test (1)")).click();
        String firstRun = pinnedChartJob(wait);
        browser.navigate().refresh();
        String secondRun = pinnedChartJob(wait);
        assertNotEquals(firstRun, secondRun, "reloading ran the pinned SQL again");
        screenshot(browser, "2-dashboard.png");

        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).collect(Collectors.toList());
        assertTrue(errors.isEmpty(), () -> "the browser's console shows errors: " + errors);
    }

    /** Waits for the dashboard's one pin to show its chart; returns the id of the query that drew it. */
    private static String pinnedChartJob(WebDriverWait wait) {
        return wait.until(d -> {
            List<WebElement> pins = d.findElements(By.cssSelector("article.pin[data-job]"));
            if (pins.size() != 1 || pins.get(0).findElements(By.cssSelector(".pin-body svg.main-svg")).isEmpty()) {
                return null;
            }
            return pins.get(0).getAttribute("data-job");
        });
    }

    private static void screenshot(WebDriver browser, String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    /** A browser program from Debian's packages, or the path in {@code variable}; missing is a failure. */
    private static File executable(String variable, String defaultPath) {
        String configured = System.getenv(variable);
        File file = new File(configured == null || configured.isBlank() ? defaultPath : configured);
        if (!file.canExecute()) {
            fail(file + " is missing: the dashboard's browser test needs Debian's chromium and chromedriver "
                    + "(apt-get install -y chromium chromium-driver, as .ci/run does), or " + variable
                    + " set to another one");
        }
        return file;
    }

    /** The README's settings for the small real model, which runs fast on a 2-core machine. */
    private static Properties modelProperties() {
        String models = System.getenv().getOrDefault("NL2SQL_TEST_MODELS_DIR", "../../shared/models");
        Properties p = new Properties();
        p.setProperty("nl2sql.model", models + "/stories260K.gguf");
        p.setProperty("nl2sql.threads", "1");
        p.setProperty("nl2sql.contextSize", "2048");
        p.setProperty("nl2sql.schemaPromptChars", "900");
        p.setProperty("nl2sql.maxTokens", "512");
        return p;
    }
}
