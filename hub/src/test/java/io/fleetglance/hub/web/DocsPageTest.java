package io.fleetglance.hub.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/** {@code /docs} renders Swagger UI in a real browser from the hub alone: no CDN, no network. */
class DocsPageTest {

    @Test
    void swaggerUiListsTheRoutesOfTheHubsMachineAndOfEveryHost() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback()); TestBrowser browser = TestBrowser.start()) {
            browser.driver.get("http://127.0.0.1:" + hub.port() + "/docs");
            new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(d ->
                    !d.findElements(By.cssSelector(".opblock-summary-path")).isEmpty());
            String paths = browser.driver.findElement(By.id("swagger-ui")).getText();
            assertTrue(paths.contains("/api/4/{plugin}/history/{nb}"), "root routes are listed");
            assertTrue(paths.contains("/hosts/{name}/api/4/{plugin}"), "per-host routes are listed");
            browser.screenshot("docs");
        }
    }
}
