package io.fleetglance.hub.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetglance.agent.Agent;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.TestHttp;
import io.fleetglance.hub.auth.Authentication;
import io.fleetglance.hub.auth.GlancesPassword;
import io.fleetglance.hub.auth.JwtTokens;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub with a password and {@code prometheus_hosts}, checked by Prometheus' own tools: promtool on the exposition,
 * and a real Prometheus server scraping it on loopback and answering a query.
 */
class PrometheusScrapeTest {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final String PASSWORD = "s3cret";

    private static Hub hub;
    private static final List<Agent> agents = new ArrayList<>();
    private static Scrapes scrapes;

    @BeforeAll
    static void startFleet() throws Exception {
        Authentication auth = new Authentication("glances", GlancesPassword.of(PASSWORD),
                new JwtTokens(null, 60, Clock.systemUTC()));
        GlancesConfig config = GlancesConfig.shipped().with("outputs", "prometheus_hosts", "alpha, gam*");
        hub = Hub.start(HubSettings.loopback().withConfig(config).withAuth(auth));
        scrapes = new Scrapes(hub.port());
        for (String name : List.of("alpha", "beta", "gamma-1")) {
            agents.add(TestHttp.startAgent(hub, name, Duration.ofSeconds(1)));
        }
        assertTrue(TestHttp.await(Duration.ofSeconds(30), () -> hub.registry().hosts().size() == 3
                && hub.registry().hosts().stream().allMatch(h -> h.lastSeq() >= 2)), "every agent sent 2 samples");
    }

    @AfterAll
    static void stopFleet() throws Exception {
        agents.forEach(Agent::close);
        hub.close();
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("glances:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void needsThePasswordWhenOneIsSet() throws Exception {
        HttpResponse<byte[]> none = scrapes.get("/metrics");
        assertEquals(401, none.statusCode());
        assertEquals("Basic", none.headers().firstValue("www-authenticate").orElse(""));
        assertTrue(new String(none.body(), StandardCharsets.UTF_8).contains("\"detail\""));
        assertEquals(401, scrapes.get("/hosts/alpha/metrics").statusCode());
        assertEquals(200, scrapes.get("/metrics", "Authorization", basic()).statusCode());
    }

    @Test
    void prometheusHostsNarrowsTheFleetButNotTheHostRoute() throws Exception {
        Exposition fleet = Exposition.parse(scrapes.text("/metrics", "Authorization", basic()));
        assertEquals(List.of("alpha", "gamma-1"), fleet.hosts());
        Exposition beta = Exposition.parse(scrapes.text("/hosts/beta/metrics", "Authorization", basic()));
        assertEquals(List.of("beta"), beta.hosts());
    }

    @Test
    void promtoolAcceptsTheExposition(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(PROMTOOL), "promtool is not installed (Debian package prometheus)");
        Path body = dir.resolve("metrics.txt");
        String text = scrapes.text("/metrics", "Authorization", basic());
        Files.writeString(body, text);
        Exposition exposition = Exposition.parse(text);
        Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true)
                .redirectInput(body.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(p.exitValue() == 0 || p.exitValue() == 3, "promtool exit " + p.exitValue() + ": " + out);
        // The format must parse. promtool's lint may flag Glances' own names, which dashboards rely on (gauges
        // ending in _total or _count...) and families without help: a line about anything else is a problem.
        assertFalse(out.contains("error while linting"), out);
        for (String line : out.split("\n")) {
            assertTrue(line.isBlank() || exposition.types().containsKey(line.split(" ")[0]), "promtool: " + line);
        }
    }

    @Test
    void aRealPrometheusScrapesTheHub(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), "prometheus is not installed (Debian package prometheus)");
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, PASSWORD);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: fleetglance
                    basic_auth:
                      username: glances
                      password_file: %s
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(passwordFile, hub.port()));
        int port = freePort();
        Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            ObjectMapper json = new ObjectMapper();
            String query = "http://127.0.0.1:" + port + "/api/v1/query?query="
                    + URLEncoder.encode("glances_cpu_total{host=\"alpha\"}", StandardCharsets.UTF_8);
            JsonNode result = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && prometheus.isAlive()) {
                result = ask(client, json, query);
                if (result != null && result.size() > 0) {
                    break;
                }
                Thread.sleep(250);
            }
            assertTrue(result != null && result.size() == 1, "Prometheus never stored glances_cpu_total of alpha: "
                    + Files.readString(dir.resolve("prometheus.log")));
            JsonNode sample = result.get(0);
            assertEquals("fleetglance", sample.path("metric").path("job").asText());
            assertEquals("glances", sample.path("metric").path("src").asText());
            double value = Double.parseDouble(sample.path("value").get(1).asText());
            assertTrue(value >= 0 && value <= 100, "cpu total " + value);
            // the scrape that stored alpha held every host prometheus_hosts names, and no other
            JsonNode hosts = ask(client, json, "http://127.0.0.1:" + port + "/api/v1/query?query="
                    + URLEncoder.encode("count by (host) (glances_cpu_total)", StandardCharsets.UTF_8));
            List<String> names = new ArrayList<>();
            hosts.forEach(h -> names.add(h.path("metric").path("host").asText()));
            assertEquals(List.of("alpha", "gamma-1"), names.stream().sorted().toList());
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The {@code data.result} of a Prometheus query; null while Prometheus is not answering yet. */
    private static JsonNode ask(HttpClient client, ObjectMapper json, String url) throws InterruptedException {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? json.readTree(r.body()).path("data").path("result") : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
