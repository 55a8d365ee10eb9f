package io.fleetglance.hub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.common.GlancesSamples;
import io.fleetglance.hub.TestGlancesServer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The host page fed with a real Glances server's answers (the captured samples of the common module's tests: every
 * plugin, its views and history), so that each panel is checked against Glances' own shapes, including the plugins
 * our agents do not send yet.
 */
class HostPageGlancesSamplesTest {

    private static TestGlancesServer server;
    private static TestBrowser browser;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = HostPageGlancesSamplesTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no classpath resource " + name);
            }
            return in.readAllBytes();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        if (TestBrowser.unavailable() != null) {
            return;
        }
        browser = TestBrowser.start();
        server = new TestGlancesServer();
        server.serve("/hosts/glances/", "text/html; charset=utf-8", resource("web/host.html"));
        for (String file : List.of("host.js", "host-charts.js", "page.js", "fleetglance.css", "host.css")) {
            server.serve("/static/" + file, file.endsWith(".js") ? "text/javascript" : "text/css",
                    resource("web/" + file));
        }
        String uplot = "META-INF/resources/webjars/uplot/1.6.30/dist/";
        server.serve("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", "text/javascript",
                resource(uplot + "uPlot.iife.min.js"));
        server.serve("/webjars/uplot/1.6.30/dist/uPlot.min.css", "text/css", resource(uplot + "uPlot.min.css"));
        String api = "/hosts/glances/api/4/";
        server.serve(api + "all", "application/json", GlancesSamples.bytes("all.json"));
        server.serve(api + "all/views", "application/json", GlancesSamples.bytes("all__views.json"));
        for (Map.Entry<String, String> h : Map.of("cpu", "cpu__history.json", "mem", "mem__history.json",
                "load", "load__history__2.json", "network", "network__history__2.json",
                "diskio", "diskio__history__2.json").entrySet()) {
            server.answerUnder(api + h.getKey() + "/history/", GlancesSamples.bytes(h.getValue()));
        }
        server.answer("/fleet/summary.json", "{\"now\": 0, \"points\": 30, \"hosts\": [{\"key\": \"glances\","
                + " \"name\": \"glances\", \"status\": \"ONLINE\"}]}");
        browser.driver.get("http://127.0.0.1:" + server.port() + "/hosts/glances/?refresh=0.5");
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d ->
                !d.findElements(By.cssSelector("#processlist table.list tbody tr")).isEmpty()
                        && !d.findElements(By.cssSelector("#chart-network .uplot canvas")).isEmpty());
    }

    @BeforeEach
    void needsChromium() {
        TestBrowser.assumeAvailable();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** The text of the first element matching {@code css}, read in one script: panels are redrawn on refresh. */
    private static String text(String css) {
        Object t = browser.driver.executeScript("const e = document.querySelector(arguments[0]);"
                + "return e ? e.innerText.trim() : null;", css);
        if (t == null) {
            throw new AssertionError("nothing matches " + css);
        }
        return (String) t;
    }

    @Test
    void showsEveryPanelFromGlancesAnswersWithTheirDecorations() throws Exception {
        assertEquals("Debian GNU/Linux 12 64bit / Linux 6.18.44-fc-v657", text("#hr_name"));
        assertEquals("Uptime: 0:04:59", text("#uptime"));
        assertEquals("ONLINE", text("#status"));
        assertEquals("3.5%", text("#quicklook .qbar[data-plugin=cpu] .pct"));
        assertEquals("6.1%", text("#quicklook .qbar[data-plugin=load] .pct"), "Glances' own quicklook load");
        assertEquals("Intel(R) Xeon(R) Processor", text("#quicklook .qname"));
        // cpu total is OK_LOG in the views: the ok class
        String totalClass = (String) browser.driver.executeScript("const k = Array.from(document.querySelectorAll("
                + "'#cpu td.k')).find(td => td.textContent === 'CPU'); return k.nextElementSibling.className;");
        assertTrue(totalClass.contains("ok"), totalClass);
        assertTrue(text("#mem").contains("23.6G"), "mem total as Glances writes it: " + text("#mem"));
        assertTrue(text("#load").contains("2-core"));
        assertTrue(text("#network").contains("eth0"));
        assertTrue(text("#diskio").contains("vda"));
        assertTrue(text("#fs").contains("21.5%"));
        assertEquals("no sensor", text("#sensors .nodata"));
        assertEquals("no container running", text("#containers .nodata"));
        assertTrue(text("#alert").contains("CRITICAL on CPU_TOTAL"), text("#alert"));
        assertTrue(text("#processcount").startsWith("78 tasks"), text("#processcount"));
        assertEquals("18 more processes", text("#processlist .more"), "60 of the 78 processes are listed");
        for (String chart : List.of("cpu", "mem", "load", "network", "diskio")) {
            assertTrue(browser.driver.findElements(By.cssSelector("#chart-" + chart + " .nodata")).isEmpty(),
                    chart + " chart has data");
        }
        browser.fullPageScreenshot("host-glances-samples");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> column(int index) {
        return (List<Object>) browser.driver.executeScript("return Array.from(document.querySelectorAll("
                + "'#processlist table.list tbody tr')).map(r => r.children[" + index + "].textContent);");
    }

    /** Clicks a column header and waits for the table to show that sort. */
    private static void sortBy(String key) {
        browser.driver.findElement(By.cssSelector("#processlist th[data-sort=" + key + "]")).click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> Boolean.TRUE.equals(
                browser.driver.executeScript("return document.querySelector('#processlist th[data-sort=" + key
                        + "]').classList.contains('sorted');")));
    }

    /** Waits until the rows drawn now have been replaced by a refresh. */
    private static void waitForARefresh() {
        browser.driver.executeScript("window.rowBefore = document.querySelector('#processlist tbody tr');");
        new WebDriverWait(browser.driver, Duration.ofSeconds(5)).until(d -> Boolean.FALSE.equals(
                browser.driver.executeScript("return window.rowBefore.isConnected;")));
    }

    /** The sort the header row shows now. */
    private static String sortedKey() {
        return (String) browser.driver.executeScript(
                "const th = document.querySelector('#processlist th.sorted'); return th ? th.dataset.sort : null;");
    }

    /**
     * A click whose press and release straddle a refresh (every 0.5 s here) still sorts: the table's header is kept
     * across refreshes, where a header drawn anew in between would have the browser fire no click at all.
     */
    @Test
    void aClickHeldAcrossARefreshStillSorts() {
        String to = "mem".equals(sortedKey()) ? "name" : "mem";
        WebElement header = browser.driver.findElement(By.cssSelector("#processlist th[data-sort=" + to + "]"));
        new Actions(browser.driver).moveToElement(header).clickAndHold().perform();
        waitForARefresh();
        new Actions(browser.driver).release().perform();
        assertEquals(to, sortedKey(), "the rows were redrawn between press and release, and the click sorted");
        assertTrue(browser.driver.getCurrentUrl().endsWith("sort=" + to), browser.driver.getCurrentUrl());
    }

    /** Headers take the keyboard too: Enter on a focused header sorts, and the focus outlives the redraws. */
    @Test
    void sortsFromTheKeyboard() {
        String to = "name".equals(sortedKey()) ? "mem" : "name";
        browser.driver.executeScript("document.querySelector('#processlist th[data-sort=' + arguments[0] + ']')"
                + ".focus();", to);
        browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        assertEquals(to, sortedKey());
        waitForARefresh();
        waitForARefresh();
        assertEquals(to, browser.driver.switchTo().activeElement().getAttribute("data-sort"),
                "the focus stays on the header through the redraws");
    }

    @Test
    void sortsTheProcessesByCpuMemoryAndName() {
        sortBy("mem");
        List<Object> mem = column(1);
        for (int i = 1; i < mem.size(); i++) {
            assertTrue(Double.parseDouble((String) mem.get(i - 1)) >= Double.parseDouble((String) mem.get(i)),
                    "MEM% descending: " + mem);
        }
        sortBy("name");
        Object sorted = browser.driver.executeScript("const n = Array.from(document.querySelectorAll("
                + "'#processlist table.list tbody tr')).map(r => r.dataset.name);"
                + "return n.length > 10 && n.every((v, i) => i === 0 || n[i - 1].localeCompare(v) <= 0) ? 'ok' : n;");
        assertEquals("ok", sorted, "commands in name order");
        sortBy("cpu");
        List<Object> cpu = column(0);
        for (int i = 1; i < cpu.size(); i++) {
            assertTrue(Double.parseDouble((String) cpu.get(i - 1)) >= Double.parseDouble((String) cpu.get(i)),
                    "CPU% descending: " + cpu);
        }
        assertTrue(browser.driver.getCurrentUrl().endsWith("sort=cpu"));
    }
}
