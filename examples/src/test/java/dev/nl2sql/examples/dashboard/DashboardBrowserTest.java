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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
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
 * the test checks structure, not content. It goes on through the rest of the page: teaching an answer and saving
 * edited SQL as the answer (asked again, it comes from memory, as the explanation says), chart kinds, an error that
 * replaces the stale result, a conversation (a new one, two questions as a thread, an earlier answer opened again),
 * history, memory, users, and every page at a phone's width (390 px) in light and dark mode. Screenshots for review go to target/dashboard-screenshots.
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
                SampleDatabase.start(modelProperties(dir.resolve("memory"))), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                dir.resolve("data"), 120, 1000, PASSWORD))) {
            // The driver's and the browser's paths are given, so Selenium Manager never looks for (or downloads) one.
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                    .usingAnyFreePort().build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--window-size=1280,800");
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
        String question = "How many customers are there in Portugal?";

        browser.get(url);
        wait.until(d -> d.findElement(By.id("login-form")).isDisplayed());
        browser.findElement(By.id("login-user")).sendKeys("admin");
        browser.findElement(By.id("login-password")).sendKeys(PASSWORD);
        browser.findElement(By.id("login-button")).click();
        wait.until(d -> d.findElement(By.id("ask-view")).isDisplayed());

        // Example questions and the placeholder come from this database, not from a hard-coded sample.
        wait.until(d -> !d.findElements(By.cssSelector("#examples button")).isEmpty());
        assertTrue(browser.findElement(By.id("question")).getAttribute("placeholder").startsWith("For example: "));
        assertTrue(browser.findElement(By.id("ask-hint")).getText().contains("Ctrl+Enter"));
        browser.findElement(By.cssSelector("#schema-panel summary")).click();
        assertTrue(browser.findElement(By.id("schema")).getText().contains("CUSTOMERS"));

        // Ask with Ctrl+Enter: progress while the model writes (announced to screen readers), then SQL, table, chart.
        assertFalse(browser.findElement(By.id("cancel-button")).isDisplayed());
        WebElement announce = browser.findElement(By.id("progress-announce"));
        assertEquals("polite", announce.getAttribute("aria-live"));
        browser.findElement(By.id("question")).sendKeys(question, Keys.chord(Keys.CONTROL, Keys.ENTER));
        String progress = model.until(d -> {
            WebElement p = d.findElement(By.id("progress-text"));
            return d.findElement(By.id("cancel-button")).isDisplayed() ? p.getText() : null;
        });
        assertTrue(progress.matches(".*… \\d+\\.\\d s"), progress);
        model.until(d -> d.findElement(By.id("result")).isDisplayed() || d.findElement(By.id("error")).isDisplayed());
        if (browser.findElement(By.id("error")).isDisplayed()) {
            fail("The page shows an error: " + browser.findElement(By.id("error")).getText());
        }
        assertFalse(browser.findElement(By.id("cancel-button")).isDisplayed(), "progress ends with the answer");
        assertTrue(announce.getAttribute("textContent").startsWith("Done in "), announce.getAttribute("textContent"));
        assertTrue(browser.findElement(By.id("sql-editor")).getAttribute("value").startsWith("SELECT"));
        assertFalse(browser.findElements(By.cssSelector("#result-table table th")).isEmpty(), "a table with columns");
        wait.until(d -> !d.findElements(By.cssSelector("#chart.js-plotly-plot svg.main-svg, #chart.table-only, "
                + "#chart .big-value")).isEmpty());
        assertFalse(browser.findElement(By.id("chart")).getAttribute("aria-label").isBlank(), "the chart in words");
        assertTrue(browser.findElement(By.id("download-csv")).getAttribute("href").endsWith("/csv"));
        scrollTo(browser, "sql-card");
        screenshot(browser, "1-answer.png");

        // "This answer is right" teaches it.
        browser.findElement(By.id("mark-correct")).click();
        wait.until(d -> d.findElement(By.id("teach-status")).getText().startsWith("Taught: "));

        // Edited SQL runs as plain SQL, with the chart its shape calls for; the user chooses kind and axes.
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
        new Select(browser.findElement(By.id("chart-kind"))).selectByValue("pie");
        wait.until(d -> !d.findElements(By.cssSelector("#chart g.pielayer path.surface")).isEmpty());
        new Select(browser.findElement(By.id("chart-kind"))).selectByValue("bar");
        wait.until(d -> !d.findElements(By.cssSelector("#chart g.barlayer path")).isEmpty());
        assertTrue(browser.findElement(By.id("chart-description")).getText().startsWith("Bar chart of CUSTOMERS by "
                + "COUNTRY, 7 points."), browser.findElement(By.id("chart-description")).getText());

        // Pin the chart to a new dashboard.
        browser.findElement(By.id("pin-dashboard")).sendKeys("Browser test");
        browser.findElement(By.id("pin-chart")).click();
        wait.until(d -> d.findElement(By.id("pin-status")).getText().startsWith("Pinned to Browser test"));

        // The edited SQL, saved as the answer, answers the question from now on (from memory, without the model).
        browser.findElement(By.id("save-answer")).click();
        wait.until(d -> d.findElement(By.id("teach-status")).getText().startsWith("Taught: "));
        WebElement ask = browser.findElement(By.id("question"));
        ask.clear();
        ask.sendKeys(question);
        browser.findElement(By.id("ask-button")).click();
        wait.until(d -> d.findElements(By.cssSelector("#result-table td")).size() == 14
                && d.findElement(By.id("result")).isDisplayed());
        browser.findElement(By.cssSelector("#explain-panel summary")).click();
        wait.until(d -> d.findElement(By.id("explain-body")).getText().contains("Answered from memory"));
        assertTrue(browser.findElement(By.id("explain-body")).getText().contains("true"));
        checkNoHorizontalScroll(browser, "ask", false);

        // An error replaces the stale result, and says what failed.
        editor = browser.findElement(By.id("sql-editor"));
        editor.clear();
        editor.sendKeys("SELECT nope FROM customers");
        browser.findElement(By.id("run-sql")).click();
        wait.until(d -> d.findElement(By.id("error")).isDisplayed());
        assertFalse(browser.findElement(By.id("result")).isDisplayed(), "no stale result under the error");
        assertTrue(browser.findElement(By.id("error")).getText().startsWith("The SQL failed"));
        screenshot(browser, "2-error.png");

        // The questions so far are one conversation; a new one starts empty, and two questions make a thread whose
        // second follows on from the first. The first is answered from memory (taught above); the model writes the
        // follow-up, whether or not its SQL runs.
        assertTrue(browser.findElement(By.id("thread")).isDisplayed());
        assertTrue(browser.findElements(By.cssSelector("#thread-list > li")).size() >= 2,
                "the questions asked so far: " + browser.findElement(By.id("thread-list")).getText());
        browser.findElement(By.id("new-conversation")).click();
        wait.until(d -> !d.findElement(By.id("thread")).isDisplayed()
                && d.findElements(By.cssSelector("#thread-list > li")).isEmpty());
        assertTrue(browser.findElement(By.id("followup-hint")).getText().startsWith("After a first answer"));
        WebElement questionBox = browser.findElement(By.id("question"));
        questionBox.sendKeys(question, Keys.chord(Keys.CONTROL, Keys.ENTER));
        wait.until(d -> d.findElements(By.cssSelector("#thread-list > li")).size() == 1
                && d.findElement(By.id("result")).isDisplayed());
        assertTrue(browser.findElement(By.id("followup-hint")).getText().startsWith("Your next question follows on "
                + "from the last 1 answer"), browser.findElement(By.id("followup-hint")).getText());
        questionBox.clear();
        questionBox.sendKeys("And only those who signed up in 2024?", Keys.chord(Keys.CONTROL, Keys.ENTER));
        model.until(d -> d.findElements(By.cssSelector("#thread-list > li")).size() == 2
                && !d.findElement(By.id("cancel-button")).isDisplayed()
                && d.findElement(By.id("ask-button")).isEnabled());
        List<WebElement> turns = browser.findElements(By.cssSelector("#thread-list > li"));
        assertTrue(turns.get(0).getText().startsWith(question), turns.get(0).getText());
        assertTrue(turns.get(0).getText().contains("7 rows"),
                turns.get(0).getText());
        assertFalse(turns.get(0).findElements(By.cssSelector(".badge")).isEmpty(), "the first answer is in context");
        assertTrue(turns.get(1).getText().contains("followed on from 1 answer"), turns.get(1).getText());
        turns.get(0).findElement(By.cssSelector("details.thread-sql summary")).click();
        assertTrue(turns.get(0).findElement(By.cssSelector("details.thread-sql code")).getText()
                .startsWith("SELECT"));
        turns.get(0).findElement(By.cssSelector("button.reopen")).click();
        // The thread is drawn again to mark the answer on screen: elements read while it is may be stale.
        wait.ignoring(StaleElementReferenceException.class).until(d -> d.findElements(
                By.cssSelector("#thread-list > li.current")).size() == 1
                && d.findElement(By.cssSelector("#thread-list > li")).getAttribute("class").contains("current")
                && d.findElements(By.cssSelector("#result-table td")).size() == 14);
        assertEquals(question, browser.findElement(By.id("pin-title")).getAttribute("value"));
        scrollTo(browser, "thread");
        screenshot(browser, "8-thread.png");
        browser.manage().window().setSize(new Dimension(390, 844));
        wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript("return window.innerWidth")).longValue()
                <= 390);
        checkNoHorizontalScroll(browser, "ask with a conversation", true);
        scrollTo(browser, "thread");
        screenshot(browser, "8-thread-390.png");
        browser.manage().window().setSize(new Dimension(1280, 800));

        // History: searchable, and run again.
        browser.findElement(By.id("nav-history")).click();
        wait.until(d -> d.findElements(By.cssSelector("#history-list li[data-history-id]")).size() >= 4);
        browser.findElement(By.id("history-search")).sendKeys("GROUP BY country");
        wait.until(d -> d.findElements(By.cssSelector("#history-list li[data-history-id]")).size() == 1);
        screenshot(browser, "3-history.png");
        browser.findElement(By.cssSelector("#history-list .run-again")).click();
        wait.until(d -> d.findElement(By.id("ask-view")).isDisplayed()
                && d.findElements(By.cssSelector("#result-table td")).size() == 14);

        // Memory: the taught answer, a note added, removable by its teacher.
        browser.findElement(By.id("nav-memory")).click();
        wait.until(d -> d.findElement(By.id("memory-list")).getText().contains(question));
        browser.findElement(By.id("note-text")).sendKeys("prices are in euros");
        browser.findElement(By.id("note-on")).sendKeys("products.price");
        browser.findElement(By.id("add-note")).click();
        wait.until(d -> d.findElement(By.id("memory-list")).getText().contains("prices are in euros"));
        assertEquals(2, browser.findElements(By.cssSelector("#memory-list .remove-memory")).size());
        screenshot(browser, "4-memory.png");

        // Users: an admin adds one in the page.
        browser.findElement(By.id("nav-users")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#user-list li[data-user='admin']")).isEmpty());
        browser.findElement(By.id("new-user-name")).sendKeys("viewer");
        browser.findElement(By.id("new-user-password")).sendKeys("viewer password");
        browser.findElement(By.id("add-user")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#user-list li[data-user='viewer']")).isEmpty());
        screenshot(browser, "5-users.png");

        // The dashboard lists the pin and runs its SQL on opening, and again on reloading the page.
        browser.findElement(By.id("nav-dashboards")).click();
        wait.until(d -> d.findElement(By.id("dashboard-list")).getText().contains("Browser test (1)"));
        browser.findElement(By.linkText("Browser test (1)")).click();
        String firstRun = pinnedChartJob(wait);
        browser.navigate().refresh();
        String secondRun = pinnedChartJob(wait);
        assertNotEquals(firstRun, secondRun, "reloading ran the pinned SQL again");
        screenshot(browser, "6-dashboard.png");

        // A phone: no page scrolls sideways, and Log out stays in view; then the same in dark mode.
        browser.manage().window().setSize(new Dimension(390, 844));
        for (String mode : List.of("light", "dark")) {
            if (mode.equals("dark")) {
                ((ChromeDriver) browser).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                        List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
            }
            for (String page : List.of("dashboards", "ask", "history", "memory", "users")) {
                browser.findElement(By.id("nav-" + page)).click();
                wait.until(d -> d.findElement(By.id(page + "-view")).isDisplayed());
                if (page.equals("dashboards")) {
                    // The list shown before is drawn again once loaded: a link found just before that is stale.
                    wait.ignoring(StaleElementReferenceException.class).until(d -> {
                        d.findElement(By.linkText("Browser test (1)")).click();
                        return true;
                    });
                    pinnedChartJob(wait);
                }
                if (page.equals("ask") && !browser.findElement(By.id("result")).isDisplayed()) {
                    // The reload above started the page afresh: ask the taught question (answered from memory).
                    WebElement box = browser.findElement(By.id("question"));
                    box.clear();
                    box.sendKeys(question, Keys.chord(Keys.CONTROL, Keys.ENTER));
                    wait.until(d -> d.findElements(By.cssSelector("#result-table td")).size() == 14
                            && d.findElement(By.id("result")).isDisplayed());
                    wait.until(d -> !d.findElements(By.cssSelector("#chart g.barlayer path")).isEmpty());
                }
                checkNoHorizontalScroll(browser, page, true);
                screenshot(browser, "phone-" + mode + "-" + page + ".png");
            }
        }
        browser.manage().window().setSize(new Dimension(1280, 800));
        browser.findElement(By.id("nav-ask")).click();
        wait.until(d -> d.findElement(By.id("result")).isDisplayed());
        wait.until(d -> !d.findElements(By.cssSelector("#chart g.barlayer path")).isEmpty());
        scrollTo(browser, "result");
        screenshot(browser, "7-answer-dark.png");

        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .collect(Collectors.toList());
        assertTrue(errors.isEmpty(), () -> "the browser's console shows errors: " + errors);
    }

    private static void scrollTo(WebDriver browser, String id) {
        ((JavascriptExecutor) browser).executeScript("document.getElementById(arguments[0]).scrollIntoView()", id);
    }

    /** The page is no wider than the window (nothing scrolls sideways), and Log out is inside it. */
    private static void checkNoHorizontalScroll(WebDriver browser, String page, boolean phone) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        long scrollWidth = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
        long width = ((Number) js.executeScript("return window.innerWidth")).longValue();
        assertTrue(scrollWidth <= width, page + " scrolls sideways: " + scrollWidth + " px in " + width);
        if (phone) {
            assertTrue(width <= 390, "a phone's width: " + width);
        }
        Number right = (Number) js.executeScript("return document.getElementById('logout').getBoundingClientRect().right");
        assertTrue(right.doubleValue() <= width, page + ": Log out is cut off at " + right + " of " + width);
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
    private static Properties modelProperties(Path memory) {
        String models = System.getenv().getOrDefault("NL2SQL_TEST_MODELS_DIR", "../../shared/models");
        Properties p = new Properties();
        p.setProperty("nl2sql.model", models + "/stories260K.gguf");
        p.setProperty("nl2sql.threads", "1");
        p.setProperty("nl2sql.contextSize", "2048");
        p.setProperty("nl2sql.schemaPromptChars", "900");
        p.setProperty("nl2sql.maxTokens", "512");
        // What the test teaches stays in its own folder.
        p.setProperty("nl2sql.memoryUrl", "jdbc:h2:file:" + memory.toAbsolutePath());
        return p;
    }
}
