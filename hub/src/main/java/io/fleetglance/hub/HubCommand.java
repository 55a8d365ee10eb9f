package io.fleetglance.hub;

import io.fleetglance.agent.Agent;
import io.fleetglance.agent.AgentIdentity;
import io.fleetglance.agent.AgentSettings;
import io.fleetglance.agent.HostNames;
import io.fleetglance.agent.collect.CollectorSet;
import io.fleetglance.agent.collect.HostRoot;
import io.fleetglance.agent.tls.AgentCredential;
import io.fleetglance.agent.tls.HubTrust;
import io.fleetglance.common.config.ConfigLocator;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.api.HttpServer;
import io.fleetglance.hub.auth.Authentication;
import io.fleetglance.hub.auth.GlancesPassword;
import io.fleetglance.hub.auth.JwtTokens;
import io.fleetglance.hub.fleet.FleetSize;
import io.fleetglance.hub.tls.HubIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fleetglance hub}: runs the hub, and by default an agent for the hub's own machine inside it. */
@Command(name = "hub", mixinStandardHelpOptions = true, version = "fleetglance hub " + Hub.VERSION,
        usageHelpWidth = 110, sortOptions = false, abbreviateSynopsis = false,
        subcommands = HubRelease.class,
        description = "Runs the Fleetglance hub: agents stream to it, and it serves the Glances REST API v4 for "
                + "every host (/api/4/... for this machine, /hosts/{name}/api/4/... for any host).")
public final class HubCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(HubCommand.class);

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "0.0.0.0",
            description = "Address to listen on, for the REST API and for agents (default 0.0.0.0).")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "61208", description = "REST API port (default 61208).")
    int port;

    @Option(names = "--ingest-port", paramLabel = "PORT", defaultValue = "61209", description = "Port agents stream to (default 61209).")
    int ingestPort;

    @Option(names = "--period", paramLabel = "SECONDS", defaultValue = "2",
            description = "Seconds between samples of the local agent, at least 1 (default 2).")
    double period;

    @Option(names = "--no-local-agent", description = "Do not sample this machine; serve the fleet only.")
    boolean noLocalAgent;

    @Option(names = {"-C", "--config"}, paramLabel = "FILE",
            description = "glances.conf to use (default: ~/.config/glances/glances.conf, then "
                    + "/etc/glances/glances.conf, else built-in defaults).")
    Path configFile;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "The enrollment token new agents must show, read from FILE (default: made on the first "
                    + "start into the state directory). Env: FLEETGLANCE_TOKEN (the token itself).")
    Path tokenFile;

    @Option(names = "--token", paramLabel = "TOKEN", description = "The enrollment token on the command line: works, but other users of "
            + "this machine can read it; prefer --token-file or FLEETGLANCE_TOKEN.")
    String token;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "The hub's certificate chain (PEM) for agents "
            + "(and HTTPS), instead of the one made from its own CA on the first start; needs --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The private key (PEM) of --tls-cert.")
    Path tlsKey;

    @Option(names = "--https", description = "Serve the REST API over HTTPS (HTTP/2 or HTTP/1.1) with the ingest's "
            + "certificate; by default it is plain HTTP, as Glances' clients expect.")
    boolean https;

    @Option(names = "--insecure", description = "Agents stream in plaintext (h2c), nothing encrypted: for labs only.")
    boolean insecure;

    @Option(names = "--password", description = "Protect the REST API with a password, as Glances' --password: "
            + "read from FLEETGLANCE_PASSWORD, else from Glances' ~/.config/glances/<username>.pwd, else asked for.")
    boolean password;

    @Option(names = "--username", paramLabel = "NAME", defaultValue = "glances", description = "REST API username (default glances).")
    String username;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where the hub keeps its store (hub.db: hosts, "
            + "host name bindings, events, history), its CA, certificate and enrollment token (under DIR/hub), and the "
            + "local agent its id (default: $XDG_STATE_HOME/fleetglance or ~/.local/state/fleetglance).")
    Path stateDir;

    @Mixin
    SharedStoreOptions sharedStore = new SharedStoreOptions();

    @Option(names = "--advertise-url", paramLabel = "URL", description = "With --store: this hub's REST API as the "
            + "other hubs and users reach it (default: http(s)://THIS-HOST-NAME:PORT).")
    String advertiseUrl;

    @Override
    public Integer call() throws Exception {
        if (period < 1 || period > 3600) {
            throw new IllegalArgumentException("--period must be between 1 and 3600 seconds, got " + period);
        }
        GlancesConfig config = loadConfig();
        Path dir = stateDir != null ? stateDir : AgentSettings.defaultStateDir();
        HubIdentity identity = HubIdentity.load(dir.resolve("hub"), bind, insecure, tlsCert, tlsKey, tokenFile,
                token, System.getenv("FLEETGLANCE_TOKEN"));
        HubSettings settings = new HubSettings(bind, port, bind, ingestPort, identity.token().value(), config,
                password ? authentication(config) : null, identity.tls(), https, dir, sharedStore());
        HostRoot root = HostRoot.system();
        String localName = noLocalAgent ? null : HostNames.defaultName(root);
        Hub hub = Hub.start(settings, List.of(), localName);
        StartBanner banner = new StartBanner(bind, hub.port(), hub.ingestPort(),
                HttpServer.urlPrefix(config), password, settings.https());
        for (String line : banner.lines()) {
            if (line.startsWith("WARNING: ")) {
                log.warn(line.substring("WARNING: ".length()));
            } else {
                log.info(line);
            }
        }
        // what the heap may grow to (the launcher's --max-heap, else what packaging/hub-heap sized for the fleet), and
        // whether packaging/hub-heap chose a small fleet's collector and compiler
        log.info("Heap:        up to {} MiB{}", Runtime.getRuntime().maxMemory() >> 20, FleetSize.smallFleetJvm()
                ? " (a small fleet's JVM: serial collector, C1 compiler; up to " + FleetSize.SMALL_FLEET_HOSTS
                        + " hosts)" : "");
        System.out.print(identity.banner(hub.ingestPort()));
        System.out.flush();
        Agent local = noLocalAgent ? null : startLocalAgent(hub, root, localName);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (local != null) {
                local.close();
            }
            try {
                hub.close();
            } catch (Exception ignored) {
                // shutting down anyway
            }
            stopped.countDown();
        }, "fleetglance-shutdown"));
        stopped.await();
        return 0;
    }

    /** The shared store of --store, with its password from the environment or a file; null without --store. */
    private SharedStoreSettings sharedStore() throws IOException {
        if (!sharedStore.given()) {
            if (sharedStore.passwordFile != null || advertiseUrl != null) {
                throw new IllegalArgumentException((sharedStore.passwordFile != null ? "--store-password-file"
                        : "--advertise-url") + " goes with --store: give the PostgreSQL store the hubs share");
            }
            return null;
        }
        String store = sharedStore.url();
        String url = advertiseUrl;
        if (url == null) {
            boolean wildcard = bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]");
            String host = wildcard ? InetAddress.getLocalHost().getHostName() : bind;
            url = (https ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
        return new SharedStoreSettings(store, sharedStore.password(), url.replaceAll("/+$", ""));
    }

    private Authentication authentication(GlancesConfig config) throws IOException {
        GlancesPassword stored;
        String fromEnv = System.getenv("FLEETGLANCE_PASSWORD");
        Path file = Path.of(System.getProperty("user.home"), ".config", "glances", username + ".pwd");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            stored = GlancesPassword.of(fromEnv);
        } else if (Files.isReadable(file)) {
            stored = GlancesPassword.parse(Files.readString(file));
        } else if (System.console() != null) {
            char[] first = System.console().readPassword("Define the password for the Glances API (user %s): ",
                    username);
            char[] again = System.console().readPassword("Password (confirm): ");
            if (first == null || first.length == 0 || !Arrays.equals(first, again)) {
                throw new IllegalArgumentException("the passwords are empty or do not match");
            }
            stored = GlancesPassword.of(new String(first));
        } else {
            throw new IllegalArgumentException("--password needs FLEETGLANCE_PASSWORD, " + file
                    + " or a terminal to ask on");
        }
        String secret = config.get("outputs", "jwt_secret_key").orElse(null);
        long minutes = (long) config.getDouble("outputs", "jwt_expire_minutes", 60);
        return new Authentication(username, stored, new JwtTokens(secret, minutes, Clock.systemUTC()));
    }

    /** Glances' search order: -C, ~/.config/glances (or $XDG_CONFIG_HOME), /etc/glances, else the shipped file. */
    private GlancesConfig loadConfig() throws Exception {
        if (configFile != null && !Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException("-C " + configFile + ": no such file; give the path of an existing "
                    + "glances.conf, or leave -C out");
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        ConfigLocator locator = new ConfigLocator(Path.of(System.getProperty("user.home")),
                xdg == null || xdg.isBlank() ? Optional.empty() : Optional.of(Path.of(xdg)), Path.of("/etc/glances"));
        return locator.load(Optional.ofNullable(configFile));
    }

    private Agent startLocalAgent(Hub hub, HostRoot root, String name) throws Exception {
        Path dir = stateDir != null ? stateDir : AgentSettings.defaultStateDir();
        String id = AgentIdentity.loadOrCreate(dir.resolve("local-agent-" + name + ".id"));
        AgentCredential credential = AgentCredential.loadOrCreate(dir.resolve("local-agent-" + name + ".credential"));
        boolean wildcard = bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]");
        String target = wildcard ? "127.0.0.1" : bind;
        // in the same process as the hub: it trusts exactly the hub's own certificate
        HubTrust trust = hub.settings().tls() == null ? HubTrust.insecure()
                : HubTrust.pinned(hub.settings().tls().fingerprint());
        AgentSettings settings = AgentSettings.of(target, hub.ingestPort(), trust, name, id)
                .withCredential(credential.secret())
                .withPeriod(Duration.ofMillis(Math.round(period * 1000)))
                .withToken(hub.settings().token())
                .withOutboxDir(dir.resolve("local-agent-" + name + ".outbox"));
        CollectorSet collectors = CollectorSet.standard(root);
        Agent agent = new Agent(settings, collectors.all(), collectors.processes());
        agent.start();
        return agent;
    }
}
