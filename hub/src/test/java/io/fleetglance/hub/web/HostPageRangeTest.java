package io.fleetglance.hub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.fleet.Host;
import io.fleetglance.hub.fleet.TestHosts;
import io.fleetglance.proto.MemReading;
import io.fleetglance.proto.Sample;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The host page's range picker draws the store's tiers in a real Chromium, and keeps its choice in the URL. */
class HostPageRangeTest {

    @Test
    void theRangePickerDrawsTheStoredRange() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback()); TestBrowser browser = TestBrowser.start()) {
            Host host = TestHosts.attach(hub.registry(), "ranged");
            long now = System.currentTimeMillis() * 1000;
            // memory use 10 % two hours ago, 42 % over the last hour: 6 h shows the last bucket's 42 %
            for (int i = 0; i < 40; i++) {
                long t = now - 2 * 3_600_000_000L + i * 180_000_000L;
                int percent = t < now - 3_600_000_000L ? 10 : 42;
                hub.registry().ingest(host, Sample.newBuilder().setSeq(i + 1).setWallTimeUs(t)
                        .setMonoTimeNs(i * 1_000_000_000L).setMem(MemReading.newBuilder().setTotal(1000)
                                .setAvailable(1000 - 10L * percent).setFree(1000 - 10L * percent)).build());
            }
            CountDownLatch durable = new CountDownLatch(1);
            hub.registry().afterDurable(durable::countDown);
            assertTrue(durable.await(30, TimeUnit.SECONDS));

            browser.driver.get("http://127.0.0.1:" + hub.port() + "/hosts/ranged/?refresh=0.5");
            new Select(browser.driver.findElement(By.id("range"))).selectByValue("6h");
            new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(d ->
                    d.findElement(By.cssSelector("#chart-mem .legend")).getText().contains("used 42.0%"));
            assertTrue(browser.driver.getCurrentUrl().contains("range=6h"), browser.driver.getCurrentUrl());
            browser.screenshot("host-range-6h");
            // the picker's choice survives a reload
            browser.driver.navigate().refresh();
            assertEquals("6h", new Select(browser.driver.findElement(By.id("range")))
                    .getFirstSelectedOption().getAttribute("value"));
            assertTrue(browser.driver.findElement(By.id("forget")).isDisplayed());
        }
    }
}
