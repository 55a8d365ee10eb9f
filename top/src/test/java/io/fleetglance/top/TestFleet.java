package io.fleetglance.top;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetglance.agent.Agent;
import io.fleetglance.agent.AgentSettings;
import io.fleetglance.agent.collect.Collector;
import io.fleetglance.agent.collect.CollectorSet;
import io.fleetglance.agent.collect.HostRoot;
import io.fleetglance.agent.collect.ProcessCollector;
import io.fleetglance.agent.tls.HubTrust;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real hub on loopback with real agents reading this machine's /proc, started in the test JVM; and how to start
 * {@code top} against it (the test classpath, so the very classes under test run in the terminal).
 */
final class TestFleet implements AutoCloseable {

    /** One hub identity (its generated CA) for every fleet's hubs, restarts included: the agents pin it. */
    private static final HubSettings SETTINGS = HubSettings.loopback();

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Hub hub;
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private final HttpClient http;
    private final Duration period;
    private String authorization;

    private TestFleet(Hub hub, Duration period) {
        this.hub = hub;
        this.period = period;
        HttpClient.Builder builder = HttpClient.newBuilder();
        if (hub.settings().https()) {
            builder.sslContext(trustingHubCa());
        }
        this.http = builder.build();
    }

    static TestFleet start(Duration period, String... names) throws Exception {
        return start(UnaryOperator.identity(), period, names);
    }

    /** A fleet whose hub runs with {@code hubSettings} applied to the tests' settings (HTTPS, a password…). */
    static TestFleet start(UnaryOperator<HubSettings> hubSettings, Duration period, String... names)
            throws Exception {
        // each fleet its own store, so its own name bindings: the tests reuse host names with agents of new credentials
        TestFleet fleet = new TestFleet(Hub.start(hubSettings.apply(SETTINGS)), period);
        for (String name : names) {
            fleet.addAgent(name);
        }
        // three samples each: the third carries real rates
        if (!await(Duration.ofSeconds(30), () -> fleet.hub.registry().hosts().size() == names.length
                && fleet.hub.registry().hosts().stream().allMatch(h -> h.lastSeq() >= 3))) {
            throw new IllegalStateException("the agents did not all send 3 samples");
        }
        return fleet;
    }

    void addAgent(String name) {
        CollectorSet collectors = CollectorSet.standard(HostRoot.system());
        addAgent(name, collectors.all(), collectors.processes());
    }

    /** An agent that streams what {@code collectors} read (a test may read some gauges from files it writes). */
    void addAgent(String name, List<Collector> collectors, ProcessCollector processes) {
        AgentSettings settings = AgentSettings.of("127.0.0.1", hub.ingestPort(),
                        HubTrust.pinned(SETTINGS.tls().fingerprint()), name, "id-" + name + "-0001")
                .withPeriod(period)
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400));
        Agent agent = new Agent(settings, collectors, processes);
        agent.start();
        agents.put(name, agent);
    }

    /** Waits until the host {@code name} has sent {@code seq} samples. */
    boolean awaitSamples(String name, long seq) throws InterruptedException {
        return await(Duration.ofSeconds(30),
                () -> hub.registry().find(name).map(h -> h.lastSeq() >= seq).orElse(false));
    }

    void stopAgent(String name) {
        agents.remove(name).close();
    }

    int port() {
        return hub.port();
    }

    String url() {
        return (hub.settings().https() ? "https" : "http") + "://127.0.0.1:" + hub.port();
    }

    /** The hub's generated CA, as PEM in {@code file}: what {@code top --cacert} is given. */
    static Path writeCa(Path file) throws IOException {
        try {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(SETTINGS.tls().authority().getEncoded());
            Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n",
                    StandardCharsets.US_ASCII);
            return file;
        } catch (CertificateEncodingException e) {
            throw new IOException(e);
        }
    }

    /** The credentials {@link #get} sends to a hub that asks for a password (Basic, as top sends them). */
    void login(String username, String password) {
        authorization = "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static SSLContext trustingHubCa() {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("hub-ca", SETTINGS.tls().authority());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust the hub's CA: " + e.getMessage(), e);
        }
    }

    /** Stops the hub (REST and ingest); the agents keep trying to reach it. */
    void stopHub() throws Exception {
        hub.close();
    }

    /** Starts a hub again on the same ports, as a restarted service would. */
    void restartHub(int port, int ingestPort) throws Exception {
        hub = Hub.start(new HubSettings("127.0.0.1", port, "127.0.0.1", ingestPort, "", GlancesConfig.shipped(),
                null, SETTINGS.tls(), false, null, null));
    }

    int ingestPort() {
        return hub.ingestPort();
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return MAPPER.readTree(r.body());
    }

    /**
     * The command line that runs {@code top} from the test classpath with these arguments: a small script in
     * {@code target/}, so that what is typed into the terminal stays short.
     */
    static List<String> top(String... args) throws IOException {
        Path script = Path.of("target", "run-top.sh");
        String java = ProcessHandle.current().info().command().orElse("java");
        Files.writeString(script, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '"
                + System.getProperty("java.class.path") + "' " + TopMain.class.getName() + " \"$@\"\n",
                StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of("sh", script.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() throws Exception {
        agents.values().forEach(Agent::close);
        agents.clear();
        hub.close();
    }
}
