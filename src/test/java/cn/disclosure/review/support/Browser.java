package cn.disclosure.review.support;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;

/**
 * Real headless Chromium (Debian's chromium + chromium-driver) driven by Selenium. No driver or
 * browser download: both binaries come from the system, as the README's test command installs them.
 */
public final class Browser implements AutoCloseable {
    private final WebDriver driver;
    private final String base;
    private final Path profile;

    public Browser(String base) {
        this(base, new String[0]);
    }

    /** A browser with extra Chromium switches (e.g. {@code --host-resolver-rules=…} to keep it on loopback). */
    public Browser(String base, String... extraArguments) {
        this.base = base;
        try {
            profile = Files.createTempDirectory("review-chromium");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary("REVIEW_CHROMIUM", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1366,768", "--lang=zh-CN", "--user-data-dir=" + profile);
        options.addArguments(extraArguments);
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(binary("REVIEW_CHROMEDRIVER", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(10));
    }

    private static String binary(String env, String fallback) {
        String v = System.getenv(env);
        return v == null || v.isBlank() ? fallback : v;
    }

    public WebDriver driver() {
        return driver;
    }

    public Browser open(String path) {
        driver.get(base + path);
        return this;
    }

    public Browser signIn(String user, String password) {
        open("/login");
        driver.findElement(By.id("j_username")).sendKeys(user);
        driver.findElement(By.id("j_password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
        // the form posts and redirects: to /login?error=1 on failure, elsewhere on success
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> !d.getCurrentUrl().endsWith("/login"));
        return this;
    }

    public Browser signOut() {
        driver.findElement(By.id("logout")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().endsWith("/login"));
        return this;
    }

    /**
     * Clicks something that loads another page (a link, a submit button) and waits until that page
     * has replaced the current one: a click returns as soon as the browser has been told, not when
     * the next page is there.
     */
    public Browser clickAndWait(By target) {
        // a mark on the current window object: gone once another document has been loaded
        String mark = UUID.randomUUID().toString();
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript("window.__reviewPageMark = arguments[0];", mark);
        driver.findElement(target).click();
        new WebDriverWait(driver, Duration.ofSeconds(120))
                .ignoring(WebDriverException.class) // while the page changes the driver may answer with errors
                .until(d -> Boolean.TRUE.equals(js.executeScript(
                        "return document.readyState === 'complete' && window.__reviewPageMark !== arguments[0];", mark)));
        return this;
    }

    /**
     * What the browser reported as errors on its console since the last call: Content-Security-Policy
     * violations (an inline style or script), failed loads, script errors.
     */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue() || e.getMessage().contains("Content Security Policy"))
                .map(LogEntry::getMessage)
                .toList();
    }

    /** The element, once it is on the page. */
    public WebElement find(By target) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(target));
    }

    /** Saves a PNG of the current viewport (1366×768) under target/screenshots/. */
    public Path screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Path out = dir.resolve(name + ".png");
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
