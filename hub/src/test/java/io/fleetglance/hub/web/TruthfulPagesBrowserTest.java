package io.fleetglance.hub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.agent.Agent;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.TestHttp;
import io.fleetglance.hub.fleet.Host;
import io.fleetglance.hub.fleet.TestHosts;
import io.fleetglance.proto.Sample;
import java.time.Duration;
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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Pages that tell the truth, in a real headless Chromium against a real hub and agents: an offline host keeps its
 * alerts, a gap in a host's data shows, the hub going away greys every status under a banner, phones get cards and a
 * header that does not overlap, a favicon, a light theme that follows the system or the toggle, and Glances' hotkeys.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TruthfulPagesBrowserTest {

    private static final Duration PERIOD = Duration.ofMillis(250);

    private static Hub hub;
    private static Agent steady;
    private static TestBrowser browser;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        if (TestBrowser.unavailable() != null) {
            return;
        }
        browser = TestBrowser.start();
        GlancesConfig config = GlancesConfig.parse("test.conf", List.of("[alert]", "min_duration=0"));
        hub = Hub.start(HubSettings.loopback().withConfig(config));
        steady = TestHttp.startAgent(hub, "steady", PERIOD);
        Agent gone = TestHttp.startAgent(hub, "gone", PERIOD);
        assertTrue(TestHttp.await(Duration.ofSeconds(20), () -> hub.registry().find("gone")
                .map(Host::lastSeq).orElse(0L) >= 2 && hub.registry().find("steady").map(Host::lastSeq).orElse(0L) >= 2));
        gone.close();
        // A host whose seq 2 to 4 never arrived: a gap of three samples.
        Host holey = TestHosts.attach(hub.registry(), "holey");
        long now = System.currentTimeMillis();
        hub.registry().ingest(holey, Sample.newBuilder().setSeq(1).setWallTimeUs(now * 1000).setMonoTimeNs(1).build());
        hub.registry().ingest(holey, Sample.newBuilder().setSeq(5).setWallTimeUs(now * 1000 + 1000)
                .setMonoTimeNs(2_000_000_000L).build());
        base = "http://127.0.0.1:" + hub.port();
    }

    @BeforeEach
    void needsChromium() {
        TestBrowser.assumeAvailable();
    }

    @AfterAll
    static void stop() throws Exception {
        if (steady != null) {
            steady.close();
        }
        if (hub != null) {
            hub.close();
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

    private static Object js(String script, Object... args) {
        return browser.driver.executeScript(script, args);
    }

    private static String text(String css) {
        Object t = js("const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null;", css);
        return t == null ? "" : (String) t;
    }

    @Test
    @Order(1)
    void anOfflineHostKeepsItsAlertsOnTheFleetPage() {
        browser.driver.get(base + "/?refresh=0.5");
        waitUpTo(Duration.ofSeconds(20)).until(d -> "OFFLINE".equals(text("tr[data-key='gone'] .pill"))
                && !"0".equals(text("tr[data-key='gone'] .badge")));
        String badgeClass = (String) js("return document.querySelector(\"tr[data-key='gone'] .badge\").className");
        assertTrue(badgeClass.contains("critical"), "its ongoing HOST_DOWN is CRITICAL: " + badgeClass);
    }

    @Test
    @Order(2)
    void aGapInAHostsDataShowsOnTheFleetPageAndItsOwn() {
        browser.driver.get(base + "/?refresh=0.5");
        waitUpTo(Duration.ofSeconds(10)).until(d -> text("tr[data-key='holey'] .tag.gap").equals("gap 3"));
        browser.driver.get(base + "/hosts/holey/?refresh=0.5");
        waitUpTo(Duration.ofSeconds(10)).until(d -> text("#gap").equals("gap: 3 samples lost")
                && Boolean.FALSE.equals(js("return document.getElementById('gap').hidden")));
    }

    @Test
    @Order(3)
    void theIconIsServedAndLinked() throws Exception {
        TestHttp.Answer icon = new TestHttp(hub.port()).get("/favicon.ico");
        assertEquals(200, icon.status());
        assertTrue(icon.contentType().startsWith("image/svg+xml"), icon.contentType());
        assertTrue(icon.body().contains("<svg"), icon.body());
        browser.driver.get(base + "/");
        assertEquals("static/favicon.svg", js("return document.querySelector('link[rel=icon]').getAttribute('href')"));
    }

    @Test
    @Order(4)
    void aPhoneGetsCardsAndAHeaderThatDoesNotOverlap() throws Exception {
        Dimension wide = browser.driver.manage().window().getSize();
        browser.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        try {
            browser.driver.get(base + "/?refresh=0.5");
            waitUpTo(Duration.ofSeconds(10)).until(d -> !text("tr[data-key='steady'] td.cpu .v").isEmpty());
            assertEquals(390L, js("return document.documentElement.clientWidth"));
            assertTrue((Long) js("return document.documentElement.scrollWidth")
                    <= (Long) js("return document.documentElement.clientWidth"), "no horizontal scroll on the fleet page");
            assertEquals("none", js("return getComputedStyle(document.querySelector('#fleet thead')).display"),
                    "cards, not a table head");
            assertEquals("CPU %", js("return getComputedStyle(document.querySelector(\"tr[data-key='steady'] td.cpu\"),"
                    + " '::before').content.replace(/\"/g, '')"), "each figure named in its card");
            browser.screenshot("fleet-phone");

            browser.driver.get(base + "/hosts/steady/?refresh=0.5");
            waitUpTo(Duration.ofSeconds(10)).until(d -> !text("#processlist tbody").isEmpty());
            assertTrue((Long) js("return document.documentElement.scrollWidth")
                    <= (Long) js("return document.documentElement.clientWidth"), "no horizontal scroll on the host page");
            @SuppressWarnings("unchecked")
            List<String> overlaps = (List<String>) js("""
                    const ids = ['hostname', 'status', 'uptime', 'updated', 'theme-toggle'];
                    const boxes = ids.map(id => [id, document.getElementById(id)]).filter(([, e]) => e && e.offsetWidth)
                        .map(([id, e]) => [id, e.getBoundingClientRect()]);
                    const out = [];
                    boxes.forEach(([a, r], i) => boxes.slice(i + 1).forEach(([b, s]) => {
                      if (r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom) out.push(a + '/' + b);
                    }));
                    return out;""");
            assertEquals(List.of(), overlaps, "header items side by side or wrapped, never on top of each other");
            browser.screenshot("host-phone");
        } finally {
            browser.driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            browser.driver.manage().window().setSize(wide);
        }
    }

    @Test
    @Order(5)
    void theThemeFollowsTheSystemUntilToggledAndTheToggleIsRemembered() {
        browser.driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "light"))));
        try {
            browser.driver.get(base + "/");
            js("localStorage.removeItem('fleetglance.theme')");
            browser.driver.navigate().refresh();
            assertEquals("light", js("return document.documentElement.dataset.theme"));
            String lightBg = (String) js("return getComputedStyle(document.body).backgroundColor");
            assertEquals("rgb(244, 246, 248)", lightBg);

            browser.driver.findElement(By.id("theme-toggle")).click();
            assertEquals("dark", js("return document.documentElement.dataset.theme"));
            assertEquals("rgb(16, 20, 24)", js("return getComputedStyle(document.body).backgroundColor"));
            browser.driver.get(base + "/hosts/steady/");
            assertEquals("dark", js("return document.documentElement.dataset.theme"), "remembered on the next page");
            js("localStorage.removeItem('fleetglance.theme')");
        } finally {
            browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    @Test
    @Order(6)
    void glancesHotkeysSortFilterAndHelpOnTheHostPage() {
        browser.driver.get(base + "/hosts/steady/?refresh=0.5");
        waitUpTo(Duration.ofSeconds(10)).until(d -> !text("#processlist tbody").isEmpty());
        var body = browser.driver.findElement(By.tagName("body"));
        body.sendKeys("m");
        waitUpTo(Duration.ofSeconds(5)).until(d -> text("#processcount").endsWith("sorted by memory consumption"));
        assertTrue(browser.driver.getCurrentUrl().contains("sort=mem"), browser.driver.getCurrentUrl());
        body.sendKeys("p");
        waitUpTo(Duration.ofSeconds(5)).until(d -> text("#processcount").endsWith("sorted by process name"));
        body.sendKeys("t");
        waitUpTo(Duration.ofSeconds(5)).until(d -> text("#processcount").endsWith("sorted by process time"));
        body.sendKeys("i");
        waitUpTo(Duration.ofSeconds(5)).until(d -> text("#processcount").endsWith("sorted by I/O rate"));
        body.sendKeys("a");
        waitUpTo(Duration.ofSeconds(5)).until(d -> text("#processcount").contains("sorted by automatic"));
        body.sendKeys("c");
        waitUpTo(Duration.ofSeconds(5)).until(d -> text("#processcount").endsWith("sorted by CPU consumption"));

        body.sendKeys("h");
        assertEquals(Boolean.FALSE, js("return document.getElementById('hotkeys').hidden"));
        body.sendKeys("h");
        assertEquals(Boolean.TRUE, js("return document.getElementById('hotkeys').hidden"));

        body.sendKeys("/");
        waitUpTo(Duration.ofSeconds(5)).until(d -> {
            try {
                d.switchTo().alert();
                return true;
            } catch (NoAlertPresentException e) {
                return false;
            }
        });
        var prompt = browser.driver.switchTo().alert();
        prompt.sendKeys("java");
        prompt.accept();
        waitUpTo(Duration.ofSeconds(5)).until(d -> text("#procfilter").equals("filter: java"));
        @SuppressWarnings("unchecked")
        List<String> shown = (List<String>) js("return Array.from(document.querySelectorAll('#processlist tbody tr'))"
                + ".map(r => r.dataset.name + ' ' + r.textContent)");
        // The filter reads the name and the command line, as Glances' does (a process that exec'ed keeps its pid).
        assertFalse(shown.isEmpty(), "this test's own JVM matches");
        assertTrue(shown.stream().allMatch(r -> r.toLowerCase().contains("java")), shown.toString());
    }

    @Test
    @Order(7)
    void aHubThatStopsAnsweringGreysEveryBadgeUnderABannerOnBothPages() throws Exception {
        browser.driver.get(base + "/?refresh=0.5");
        waitUpTo(Duration.ofSeconds(10)).until(d -> "ONLINE".equals(text("tr[data-key='steady'] .pill")));
        String fleetTab = browser.driver.getWindowHandle();
        browser.driver.switchTo().newWindow(WindowType.TAB);
        browser.driver.get(base + "/hosts/steady/?refresh=0.5");
        waitUpTo(Duration.ofSeconds(10)).until(d -> "ONLINE".equals(text("#status")));
        String hostTab = browser.driver.getWindowHandle();

        steady.close();
        hub.close();

        for (String tab : List.of(hostTab, fleetTab)) {
            browser.driver.switchTo().window(tab);
            waitUpTo(Duration.ofSeconds(15)).until(d -> Boolean.TRUE.equals(
                    js("return document.body.classList.contains('hub-down')")));
            assertTrue(text("#hub-down").startsWith("Hub unreachable since "), text("#hub-down"));
            assertEquals(Boolean.FALSE, js("return document.getElementById('hub-down').hidden"));
            String faint = (String) js("return getComputedStyle(document.querySelector('.pill')).color");
            String expected = (String) js("const s = document.createElement('span'); s.style.color = 'var(--faint)';"
                    + "document.body.append(s); const c = getComputedStyle(s).color; s.remove(); return c;");
            assertEquals(expected, faint, "the status pill is grey: its colour no longer means anything");
        }
    }
}
