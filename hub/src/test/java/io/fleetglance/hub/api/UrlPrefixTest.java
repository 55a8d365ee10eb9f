package io.fleetglance.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.TestHttp;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code [outputs] url_prefix} and the CORS keys change the hub as they change Glances. */
class UrlPrefixTest {

    @Test
    void urlPrefixMovesEveryRouteAndItsTrailingSlashIsDropped() throws Exception {
        GlancesConfig config = GlancesConfig.shipped().with("outputs", "url_prefix", "/glances/");
        try (Hub hub = Hub.start(HubSettings.loopback().withConfig(config))) {
            TestHttp http = new TestHttp(hub.port());
            assertEquals(200, http.get("/glances/api/4/status").status());
            assertEquals(404, http.get("/api/4/status").status());
            assertEquals(404, http.get("/glances/hosts/nosuch/api/4/cpu").status());
            HttpResponse<byte[]> slash = http.raw("GET", "/glances/api/4/status/");
            assertEquals(307, slash.statusCode());
            assertTrue(slash.headers().firstValue("location").orElseThrow().endsWith("/glances/api/4/status"));
        }
    }

    @Test
    void corsOriginsFromTheConfiguration() throws Exception {
        GlancesConfig config = GlancesConfig.shipped().with("outputs", "cors_origins", "http://ok.test")
                .with("outputs", "cors_credentials", "true");
        try (Hub hub = Hub.start(HubSettings.loopback().withConfig(config))) {
            TestHttp http = new TestHttp(hub.port());
            HttpResponse<byte[]> allowed = http.raw("GET", "/api/4/status", "Origin", "http://ok.test");
            assertEquals("http://ok.test", allowed.headers().firstValue("access-control-allow-origin").orElse(""));
            assertEquals("true", allowed.headers().firstValue("access-control-allow-credentials").orElse(""));
            HttpResponse<byte[]> other = http.raw("GET", "/api/4/status", "Origin", "http://evil.test");
            assertTrue(other.headers().firstValue("access-control-allow-origin").isEmpty());
            assertEquals(400, http.raw("OPTIONS", "/api/4/cpu", "Origin", "http://evil.test",
                    "Access-Control-Request-Method", "GET").statusCode());
        }
    }
}
