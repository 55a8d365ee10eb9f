package io.fleetglance.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.CapturedLog;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.TestHttp;
import io.fleetglance.hub.auth.Authentication;
import io.fleetglance.hub.auth.GlancesPassword;
import io.fleetglance.hub.auth.JwtTokens;
import io.fleetglance.hub.auth.LoginThrottle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Password guessing on the REST API: failures logged without the password, and slowed per source address. */
class LoginThrottleTest {

    private static String basic(String user, String pw) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> postToken(int port, String user, String password) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/4/token")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + password
                        + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void wrongPasswordsAreLoggedWithoutThePasswordAndThenAnsweredWith429() throws Exception {
        Authentication auth = new Authentication("glances", GlancesPassword.of("s3cret"),
                new JwtTokens(null, 60, Clock.systemUTC()));
        GlancesConfig config = GlancesConfig.parse("glances.conf",
                List.of("[fleet]", "login_burst=3", "login_per_minute=0.001"));
        try (Hub hub = Hub.start(HubSettings.loopback().withConfig(config).withAuth(auth));
                CapturedLog log = new CapturedLog()) {
            TestHttp http = new TestHttp(hub.port());
            assertEquals(401, http.send("GET", "/api/4/pluginslist", "Authorization",
                    basic("glances", "guess-one-xyz")).status());
            assertEquals(401, http.send("GET", "/api/4/cpu", "Authorization", basic("admin", "guess-two-xyz")).status());
            assertEquals(401, postToken(hub.port(), "glances", "guess-three-xyz").statusCode());

            TestHttp.Answer throttled = http.send("GET", "/api/4/pluginslist", "Authorization",
                    basic("glances", "guess-four-xyz"));
            assertEquals(429, throttled.status());
            assertTrue(throttled.json().get("detail").asText().startsWith("Too many failed logins from 127.0.0.1: "
                    + "retry in "), throttled.body());
            // while throttled, even the right password is not checked, nor a token request
            assertEquals(429, http.send("GET", "/api/4/pluginslist", "Authorization", basic("glances", "s3cret"))
                    .status());
            HttpResponse<String> token = postToken(hub.port(), "glances", "s3cret");
            assertEquals(429, token.statusCode());
            assertTrue(Long.parseLong(token.headers().firstValue("Retry-After").orElseThrow()) > 0);
            // requests without credentials are not throttled: the health check stays open
            assertEquals(200, http.get("/api/4/status").status());

            assertEquals(2, log.linesWith("failed REST login from 127.0.0.1 as user 'glances'").size(),
                    String.join("\n", log.lines()));
            assertEquals(1, log.linesWith("failed REST login from 127.0.0.1 as user 'admin'").size());
            assertEquals(List.of(), log.linesWith("guess-"), "no password in the log");
            assertEquals(List.of(), log.linesWith("s3cret"));
        }
    }

    @Test
    void anAddressMayTryAgainOnceItsBucketRefills() {
        AtomicLong now = new AtomicLong();
        LoginThrottle throttle = new LoginThrottle(2, 6, now::get);   // one more try every 10 s after two
        throttle.failed("10.0.0.1", "glances");
        assertEquals(0, throttle.waitMillis("10.0.0.1"));
        throttle.failed("10.0.0.1", "glances");
        assertEquals(10_000, throttle.waitMillis("10.0.0.1"));
        assertEquals(0, throttle.waitMillis("10.0.0.2"), "other addresses are not slowed");
        now.addAndGet(4_000_000_000L);
        assertEquals(6_000, throttle.waitMillis("10.0.0.1"));
        now.addAndGet(6_000_000_000L);
        assertEquals(0, throttle.waitMillis("10.0.0.1"));
        throttle.failed("10.0.0.1", "glances");
        assertEquals(10_000, throttle.waitMillis("10.0.0.1"), "one failure spends what refilled");
    }
}
