package io.fleetglance.hub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.agent.Agent;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.TestGlancesServer;
import io.fleetglance.hub.TestHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The fleet browser in a real headless Chromium against a real hub with real agents (and a static Glances server)
 * on loopback: the fleet page lists, sorts, filters and follows liveness; a host's page shows its plugins and draws
 * its history charts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetBrowserTest {

    private static final Duration PERIOD = Duration.ofMillis(300);
    /** The pages' refresh in these tests (?refresh=0.5), so that waits stay short. */
    private static final Duration PAGE_REFRESH = Duration.ofMillis(500);

    private static TestGlancesServer glances;
    private static Hub hub;
    private static final Map<String, Agent> agents = new LinkedHashMap<>();
    private static TestBrowser browser;
    private static String base;
    private static String staticKey;

    @BeforeAll
    static void start() throws Exception {
        if (TestBrowser.unavailable() != null) {
            return;
        }
        browser = TestBrowser.start();
        glances = TestGlancesServer.likeGlances();
        glances.answer("/api/4/cpu/total", "{\"total\": 0.0}");
        glances.answer("/api/4/cpu/total/views", TestGlancesServer.view("CRITICAL_LOG"));
        staticKey = "127.0.0.1:" + glances.port();
        GlancesConfig config = GlancesConfig.parse("test.conf", List.of("[global]", "refresh=0.3",
                "[serverlist]", "server_1_name=127.0.0.1", "server_1_port=" + glances.port(),
                "server_1_alias=zz-glances", "server_1_protocol=rest"));
        hub = Hub.start(HubSettings.loopback().withConfig(config));
        for (String name : List.of("hub-host", "node-a", "node-b")) {
            agents.put(name, TestHttp.startAgent(hub, name, PERIOD));
        }
        hub.registry().setLocalHostName("hub-host");
        assertTrue(TestHttp.await(Duration.ofSeconds(20), () -> hub.registry().hosts().size() == 3
                && hub.registry().hosts().stream().allMatch(h -> h.lastSeq() >= 3)), "every agent sent 3 samples");
        base = "http://127.0.0.1:" + hub.port();
    }

    @BeforeEach
    void needsChromium() {
        TestBrowser.assumeAvailable();
    }

    @AfterAll
    static void stop() throws Exception {
        agents.values().forEach(Agent::close);
        if (hub != null) {
            hub.close();
        }
        if (glances != null) {
            glances.close();
        }
        if (browser != null) {
            browser.close();
        }
    }

    private static WebDriverWait waitUpTo(Duration d) {
        WebDriverWait w = new WebDriverWait(browser.driver, d);
        w.pollingEvery(Duration.ofMillis(50));
        return w;
    }

    /** The text of the first element matching {@code css}, read in one script: host panels are redrawn on refresh. */
    private static String text(String css) {
        Object t = browser.driver.executeScript("const e = document.querySelector(arguments[0]);"
                + "return e ? e.innerText.trim() : null;", css);
        if (t == null) {
            throw new AssertionError("nothing matches " + css);
        }
        return (String) t;
    }

    private static WebElement row(String key) {
        return browser.driver.findElement(By.cssSelector("#fleet tbody tr[data-key='" + key + "']"));
    }

    private static String status(String key) {
        return row(key).findElement(By.cssSelector("td.status .pill")).getText();
    }

    /** The visible rows' keys and cpu values, in page order, read in one go (between two refreshes). */
    @SuppressWarnings("unchecked")
    private static List<List<Object>> visibleCpu() {
        return (List<List<Object>>) browser.driver.executeScript(
                "return Array.from(document.querySelectorAll('#fleet tbody tr')).filter(r => !r.hidden)"
                        + ".map(r => [r.dataset.key, r.querySelector('td.cpu').dataset.value,"
                        + " r.querySelector('a.host').textContent]);");
    }

    private static List<String> keys(List<List<Object>> rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add((String) r.get(0)));
        return out;
    }

    private static List<Double> cpuValues(List<List<Object>> rows) {
        List<Double> out = new ArrayList<>();
        for (List<Object> r : rows) {
            String v = (String) r.get(1);
            if (!v.isEmpty()) {
                out.add(Double.parseDouble(v));
            }
        }
        return out;
    }

    @Test
    @Order(1)
    void fleetPageListsTheAgentsTheHubsOwnHostAndTheStaticServer() throws Exception {
        browser.driver.get(base + "/?refresh=0.5");
        waitUpTo(Duration.ofSeconds(15)).until(d -> {
            List<String> k = keys(visibleCpu());
            return k.containsAll(List.of("hub-host", "node-a", "node-b", staticKey))
                    && List.of("hub-host", "node-a", "node-b", staticKey).stream()
                            .allMatch(key -> "ONLINE".equals(status(key)));
        });
        assertEquals(List.of("hub-host", "node-a", "node-b", staticKey), keys(visibleCpu()),
                "sorted by name at first (the static server by its alias)");
        assertEquals("HUB", row("hub-host").findElement(By.cssSelector(".tag.local")).getText().toUpperCase());
        assertEquals("zz-glances", row(staticKey).findElement(By.cssSelector("a.host")).getText());
        assertEquals("0.0", row(staticKey).findElement(By.cssSelector("td.cpu .v")).getText());
        assertTrue(row(staticKey).findElement(By.cssSelector("td.cpu .v")).getAttribute("class").contains("critical"),
                "CRITICAL_LOG shows as the critical class");
        assertTrue(row("node-a").findElement(By.cssSelector("td.mem .v")).getText().matches("\\d+\\.\\d"));
        assertTrue(row("node-a").findElement(By.cssSelector("td.alerts .badge")).getText().matches("\\d+"),
                "the alert badge counts the host's events");
        // sparklines drawn from the summary's series
        waitUpTo(Duration.ofSeconds(10)).until(d -> row("node-a")
                .findElement(By.cssSelector("td.cpu svg.spark path.line")).getAttribute("d").contains("L"));
        assertTrue(row("hub-host").findElement(By.cssSelector("td.seen")).getText().endsWith("ago"));
        waitUpTo(Duration.ofSeconds(15)).until(d -> row(staticKey)
                .findElement(By.cssSelector("td.cpu svg.spark path.line")).getAttribute("d").contains("L"));
        Path shot = browser.screenshot("fleet");
        assertTrue(Files.size(shot) > 10_000, "a screenshot of the fleet page");
    }

    /** The rows as the page must order them: by cpu (largest first when descending), ties by name. */
    private static List<String> expectedOrder(List<List<Object>> rows, boolean descending) {
        List<List<Object>> sorted = new ArrayList<>(rows);
        Comparator<List<Object>> byCpu = Comparator.comparingDouble(
                r -> Double.parseDouble((String) r.get(1)));
        sorted.sort((descending ? byCpu.reversed() : byCpu).thenComparing(r -> ((String) r.get(2)).toLowerCase()));
        return keys(sorted);
    }

    @Test
    @Order(2)
    void sortingByCpuReordersTheRows() {
        List<String> byName = keys(visibleCpu());
        WebElement header = browser.driver.findElement(By.cssSelector("#fleet th[data-sort=cpu]"));
        header.click();
        assertEquals("descending", header.getAttribute("aria-sort"));
        List<List<Object>> desc = visibleCpu();
        assertEquals(4, cpuValues(desc).size(), "every host has a cpu figure: " + desc);
        assertEquals(expectedOrder(desc, true), keys(desc), "rows by cpu, largest first: " + desc);
        List<Double> values = cpuValues(desc);
        for (int i = 1; i < values.size(); i++) {
            assertTrue(values.get(i - 1) >= values.get(i), "cpu descending: " + desc);
        }

        header.click();
        assertEquals("ascending", header.getAttribute("aria-sort"));
        List<List<Object>> asc = visibleCpu();
        assertEquals(expectedOrder(asc, false), keys(asc), "rows by cpu, smallest first: " + asc);
        values = cpuValues(asc);
        for (int i = 1; i < values.size(); i++) {
            assertTrue(values.get(i - 1) <= values.get(i), "cpu ascending: " + asc);
        }
        // The static server is last by name and idle at 0 %, below agents on a machine that runs this test (a tie
        // would keep it last): smallest first moves it to the top.
        assertEquals(staticKey, keys(asc).get(0), "the idle static server first: " + asc);
        assertTrue(!keys(desc).equals(byName) || !keys(asc).equals(byName),
                "sorting by cpu reordered the rows: " + byName + " / " + desc + " / " + asc);
        assertTrue(browser.driver.getCurrentUrl().contains("sort=cpu"), "the sort is kept in the URL");
    }

    @Test
    @Order(3)
    void theFilterHidesRowsWhoseNameDoesNotMatch() {
        WebElement filter = browser.driver.findElement(By.id("filter"));
        filter.sendKeys("node-");
        assertEquals(List.of("node-a", "node-b"), keys(visibleCpu()).stream().sorted().toList());
        assertFalse(row("hub-host").isDisplayed());
        assertTrue(row("node-a").isDisplayed());
        filter.sendKeys("b");
        assertEquals(List.of("node-b"), keys(visibleCpu()));
        filter.clear();
        filter.sendKeys("nothing-like-this");
        assertEquals(List.of(), keys(visibleCpu()));
        assertTrue(browser.driver.findElement(By.id("empty")).isDisplayed(), "says that no host matches");
        // clear() sends no input event: empty the box the way a user does
        filter.sendKeys(Keys.chord(Keys.CONTROL, "a"),
                Keys.BACK_SPACE);
        assertEquals(4, visibleCpu().size());
    }

    @Test
    @Order(4)
    void clickingAHostOpensItsPageWhoseChartsDraw() throws Exception {
        row("node-a").findElement(By.cssSelector("a.host")).click();
        waitUpTo(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/hosts/node-a/"));
        waitUpTo(Duration.ofSeconds(10)).until(d -> "node-a".equals(d.findElement(By.id("hostname")).getText()));
        // the cpu chart: a uPlot canvas with a real size
        waitUpTo(Duration.ofSeconds(15)).until(d -> {
            Object ok = browser.driver.executeScript(
                    "const c = document.querySelector('#chart-cpu .uplot canvas');"
                            + "if (!c) return false; const r = c.getBoundingClientRect();"
                            + "return c.width > 0 && c.height > 0 && r.width > 0 && r.height > 0;");
            return Boolean.TRUE.equals(ok);
        });
        for (String chart : List.of("mem", "load")) {
            waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(
                    By.cssSelector("#chart-" + chart + " .uplot canvas")).isEmpty());
        }
        waitUpTo(Duration.ofSeconds(10)).until(d -> "ONLINE".equals(d.findElement(By.id("status")).getText()));
        assertTrue(text("#hr_name").length() > 3, "the system line");
        assertTrue(text("#uptime").startsWith("Uptime: "));
        String cpu = text("#cpu table.kv");
        assertTrue(cpu.contains("CPU") && cpu.contains("user"), cpu);
        assertTrue(text("#quicklook .qbar[data-plugin=mem] .pct").endsWith("%"));

        // plugins the host does not serve render "no data"; every panel shows something
        TestHttp http = new TestHttp(hub.port());
        JsonNode plugins = http.get("/hosts/node-a/api/4/pluginslist").json();
        List<String> served = new ArrayList<>();
        plugins.forEach(p -> served.add(p.asText()));
        for (String panel : List.of("network", "diskio", "fs", "sensors", "containers", "alert", "processlist")) {
            assertFalse(text("#" + panel + " .body").isBlank(), panel + " shows something");
            if (!served.contains(panel)) {
                assertEquals("no data", text("#" + panel + " .body .nodata"), panel);
            }
        }
        if (!served.contains("network")) {
            assertEquals("no data", text("#chart-network .nodata"));
        }
        Thread.sleep(2 * PAGE_REFRESH.toMillis());
        Path shot = browser.fullPageScreenshot("host");
        assertTrue(Files.size(shot) > 10_000, "a screenshot of the host page");
    }

    @Test
    @Order(5)
    void aStoppedAgentTurnsOfflineWithinThreePeriods() {
        browser.driver.get(base + "/?refresh=" + PAGE_REFRESH.toMillis() / 1000.0);
        waitUpTo(Duration.ofSeconds(10)).until(d -> "ONLINE".equals(status("node-b")));
        agents.get("node-b").close();
        // three of its periods, plus one page refresh, plus slack for a loaded machine
        Duration limit = PERIOD.multipliedBy(3).plus(PAGE_REFRESH).plusMillis(1500);
        waitUpTo(limit).until(d -> "OFFLINE".equals(status("node-b")));
        assertEquals("ONLINE", status("node-a"));
        assertEquals("–", row("node-b").findElement(By.cssSelector("td.cpu .v")).getText(),
                "an OFFLINE host shows no current figure");
    }
}
