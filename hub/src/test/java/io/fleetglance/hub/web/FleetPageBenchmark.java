package io.fleetglance.hub.web;

import io.fleetglance.agent.Sampler;
import io.fleetglance.agent.collect.CollectorSet;
import io.fleetglance.agent.collect.HostRoot;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.fleet.FleetTrends;
import io.fleetglance.hub.fleet.Host;
import io.fleetglance.hub.fleet.TestHosts;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.Sample;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Prints what the fleet page costs with 1,000 hosts: the size and build time of {@code /fleet/summary.json}, and in
 * headless Chromium the first render, the main thread's long tasks over ten refreshes, and the time a sort and a
 * filter take. The hosts replay samples recorded from this machine (each from another offset, so their figures
 * differ). A benchmark, not a test: it asserts nothing and is excluded from the normal build; run it with
 * {@code bench/fleet-page.sh}.
 */
@Tag("benchmark")
class FleetPageBenchmark {

    private static final int HOSTS = 1000;
    private static final int OFFSETS = 30;

    @Test
    void fleetPageWithAThousandHosts() throws Exception {
        List<Sample> recorded = new ArrayList<>();
        CollectorSet collectors = CollectorSet.standard(HostRoot.system());
        Sampler sampler = new Sampler(collectors.all(), Duration.ofSeconds(1), Clock.systemUTC(), s -> { });
        for (int i = 0; i < OFFSETS + 60; i++) {
            recorded.add(sampler.sampleOnce());
            Thread.sleep(100);
        }
        sampler.close();
        try (Hub hub = Hub.start(HubSettings.loopback())) {
            List<Host> hosts = new ArrayList<>();
            for (int i = 0; i < HOSTS; i++) {
                String name = String.format("node-%04d", i);
                Host host = hub.registry().attach(Hello.newBuilder().setAgentId("id-" + name).setHostName(name)
                        .setSamplePeriodMs(2000).build(), TestHosts.liveLink());
                hosts.add(host);
                for (int k = 0; k < FleetTrends.POINTS; k++) {
                    hub.registry().ingest(host, recorded.get(i % OFFSETS + k).toBuilder().setSeq(k + 1).build());
                }
            }
            AtomicInteger step = new AtomicInteger(FleetTrends.POINTS);
            ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
            feeder.scheduleAtFixedRate(() -> {
                int k = step.getAndIncrement();
                for (int i = 0; i < HOSTS; i++) {
                    int at = Math.min(recorded.size() - 1, i % OFFSETS + k);
                    hub.registry().ingest(hosts.get(i), recorded.get(at).toBuilder().setSeq(k + 1).build());
                }
            }, 2, 2, TimeUnit.SECONDS);
            try {
                summaryCost(hub.port());
                pageCost(hub.port());
            } finally {
                feeder.shutdownNow();
            }
        }
    }

    private static void summaryCost(int port) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest plain = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fleet/summary.json"))
                .build();
        HttpRequest gzip = HttpRequest.newBuilder(plain.uri()).header("Accept-Encoding", "gzip").build();
        for (int i = 0; i < 20; i++) {
            client.send(plain, HttpResponse.BodyHandlers.ofByteArray());
        }
        int n = 50;
        long[] nanos = new long[n];
        int size = 0;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            size = client.send(plain, HttpResponse.BodyHandlers.ofByteArray()).body().length;
            nanos[i] = System.nanoTime() - t0;
        }
        int gzipped = client.send(gzip, HttpResponse.BodyHandlers.ofByteArray()).body().length;
        Arrays.sort(nanos);
        System.out.printf("BENCH GET /fleet/summary.json, %d hosts: %d KiB (%d KiB gzipped), p50=%.1f ms "
                + "p99=%.1f ms%n", HOSTS, size / 1024, gzipped / 1024, nanos[n / 2] / 1e6, nanos[n - 2] / 1e6);
    }

    private static void pageCost(int port) throws Exception {
        try (TestBrowser browser = TestBrowser.start()) {
            long t0 = System.nanoTime();
            browser.driver.get("http://127.0.0.1:" + port + "/");
            new WebDriverWait(browser.driver, Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(20))
                    .until(d -> d.findElements(By.cssSelector("#fleet tbody tr")).size() == HOSTS);
            System.out.printf("BENCH fleet page, %d hosts: first full table after %.0f ms (from navigation)%n",
                    HOSTS, (System.nanoTime() - t0) / 1e6);
            browser.driver.executeScript("window.__long = [];"
                    + "new PerformanceObserver(l => l.getEntries().forEach(e => window.__long.push(e.duration)))"
                    + ".observe({type: 'longtask'});");
            Thread.sleep(20_000);
            @SuppressWarnings("unchecked")
            List<Number> longTasks = (List<Number>) browser.driver.executeScript("return window.__long;");
            double max = longTasks.stream().mapToDouble(Number::doubleValue).max().orElse(0);
            System.out.printf("BENCH fleet page, %d hosts, 10 refreshes: %d long tasks (>50 ms), longest %.0f ms%n",
                    HOSTS, longTasks.size(), max);
            for (String key : List.of("cpu", "mem", "name")) {
                Object ms = browser.driver.executeScript("const t = performance.now();"
                        + "document.querySelector('#fleet th[data-sort=" + key + "]').click();"
                        + "return performance.now() - t;");
                System.out.printf("BENCH fleet page, %d hosts: sort by %s %.1f ms%n", HOSTS, key,
                        ((Number) ms).doubleValue());
            }
            Object ms = browser.driver.executeScript("const f = document.getElementById('filter');"
                    + "const t = performance.now(); f.value = 'node-00'; f.dispatchEvent(new Event('input'));"
                    + "const shown = document.querySelectorAll('#fleet tbody tr:not([hidden])').length;"
                    + "return [performance.now() - t, shown];");
            List<?> r = (List<?>) ms;
            System.out.printf("BENCH fleet page, %d hosts: filter 'node-00' %.1f ms, %s rows shown%n", HOSTS,
                    ((Number) r.get(0)).doubleValue(), r.get(1));
            Map<?, ?> mem = (Map<?, ?>) browser.driver.executeScript("return {used: performance.memory"
                    + " ? performance.memory.usedJSHeapSize : 0};");
            System.out.printf("BENCH fleet page, %d hosts: JS heap %d MiB%n", HOSTS,
                    ((Number) mem.get("used")).longValue() >> 20);
        }
    }
}
