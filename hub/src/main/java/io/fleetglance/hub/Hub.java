package io.fleetglance.hub;

import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.hub.api.HttpServer;
import io.fleetglance.hub.fleet.BindingsFile;
import io.fleetglance.hub.fleet.FleetTrends;
import io.fleetglance.hub.fleet.FleetSize;
import io.fleetglance.hub.fleet.FleetWatch;
import io.fleetglance.hub.fleet.HostEviction;
import io.fleetglance.hub.fleet.HostRegistry;
import io.fleetglance.hub.fleet.SharedFleet;
import io.fleetglance.hub.fleet.NameBindings;
import io.fleetglance.hub.fleet.SampleListener;
import io.fleetglance.hub.ingest.AgentConfigs;
import io.fleetglance.hub.ingest.IngestLimits;
import io.fleetglance.hub.ingest.IngestService;
import io.fleetglance.hub.ingest.IngestTransport;
import io.fleetglance.hub.ingest.RemoteAddressInterceptor;
import io.fleetglance.hub.metrics.FleetMetrics;
import io.fleetglance.hub.metrics.MetricsResource;
import io.fleetglance.hub.notify.ActionRunner;
import io.fleetglance.hub.notify.WebhookEvents;
import io.fleetglance.hub.notify.WebhookNotifier;
import io.fleetglance.hub.servers.StaticServers;
import io.fleetglance.hub.store.GroupCommit;
import io.fleetglance.hub.store.HubStore;
import io.fleetglance.hub.store.JdbcStore;
import io.fleetglance.hub.store.PostgresStore;
import io.fleetglance.hub.store.SharedStore;
import io.fleetglance.hub.store.SqliteStore;
import io.fleetglance.hub.store.StoreException;
import io.fleetglance.hub.store.StoreSettings;
import io.fleetglance.hub.tls.HubIdentity;
import io.fleetglance.hub.tls.HubTls;
import io.fleetglance.hub.web.FleetSummaryResource;
import io.fleetglance.hub.web.PagesResource;
import io.fleetglance.hub.web.StaticResource;
import io.fleetglance.proto.AgentConfig;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.glassfish.jersey.inject.hk2.AbstractBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running hub: the agents' ingest (gRPC) and the REST API (Jetty) over one registry of hosts. */
public final class Hub implements AutoCloseable {

    /** The hub's software version. */
    public static final String VERSION = "0.1.0";

    private static final Logger log = LoggerFactory.getLogger(Hub.class);
    /** How often the store commits (and so acks): one fsync per interval for the whole fleet. */
    static final Duration COMMIT_INTERVAL = Duration.ofMillis(200);

    private final HubSettings settings;
    private final HostRegistry registry;
    private final Server ingest;
    private final HttpServer http;
    private final List<AutoCloseable> services;
    private final StaticServers staticServers;
    private final GroupCommit store;
    private final IngestService ingestService;

    private Hub(HubSettings settings, HostRegistry registry, Server ingest, IngestService ingestService,
            HttpServer http, StaticServers staticServers, List<AutoCloseable> services, GroupCommit store) {
        this.store = store;
        this.ingestService = ingestService;
        this.services = services;
        this.settings = settings;
        this.registry = registry;
        this.ingest = ingest;
        this.http = http;
        this.staticServers = staticServers;
    }

    public static Hub start(HubSettings settings) throws Exception {
        return start(settings, List.of());
    }

    /**
     * Starts a hub whose {@code listeners} see every sample from the first one: they are in place before the ingest
     * port opens. The ingest opens last of all, so that nothing a reconnecting fleet sends at once (the backlog of
     * each agent's outbox) reaches a hub whose API, webhooks or actions are not ready for it.
     */
    public static Hub start(HubSettings settings, List<SampleListener> listeners) throws Exception {
        return start(settings, listeners, null, UnaryOperator.identity());
    }

    /**
     * As {@link #start(HubSettings, List)}, for a hub whose own machine will be the host {@code localHostName}
     * (served at the root {@code /api/4}): named before the REST API opens, so that the root answers as that host
     * before its first sample from the very first request.
     */
    public static Hub start(HubSettings settings, List<SampleListener> listeners, String localHostName)
            throws Exception {
        return start(settings, listeners, localHostName, UnaryOperator.identity());
    }

    /**
     * As {@link #start(HubSettings, List, String)}, with the store seen through {@code storeView} (a wrapper that
     * counts, or injects faults in tests).
     */
    public static Hub start(HubSettings settings, List<SampleListener> listeners, String localHostName,
            UnaryOperator<HubStore> storeView) throws Exception {
        StaticServers staticServers = StaticServers.fromConfig(settings.config());
        IngestLimits limits = IngestLimits.from(settings.config());
        StoreSettings storeSettings = StoreSettings.from(settings.config());
        Clock clock = Clock.systemUTC();
        SharedStoreSettings shared = settings.sharedStore();
        if (shared != null && storeSettings.retention().maxBytes() > 0) {
            throw new IllegalArgumentException(settings.config().source() + ": [fleet] store_max_mib is for the"
                    + " embedded store; with --store the retentions bound the data, and the database server its disk");
        }
        JdbcStore sqlite = shared != null ? PostgresStore.open(shared.url(), shared.password(), clock)
                : settings.stateDir() == null ? SqliteStore.temporary(clock)
                : SqliteStore.open(settings.stateDir(), clock);
        GroupCommit store = new GroupCommit(storeView.apply(sqlite), COMMIT_INTERVAL, storeSettings.retention(),
                () -> clock.millis() * 1000);
        HostRegistry registry;
        try {
            NameBindings bindings = NameBindings.of(sqlite);
            if (settings.stateDir() != null) {
                BindingsFile.importInto(bindings, settings.stateDir().resolve("hub").resolve(HubIdentity.BINDINGS_FILE));
            }
            registry = new HostRegistry(GlancesPlugins.catalogue(), settings.config(), settings.historySize(), clock,
                    store.start(), limits.maxHosts(), bindings);
        } catch (IOException e) {
            store.close();
            sqlite.close();
            throw new StoreException("cannot move the host name bindings into the store: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            store.close();
            sqlite.close();
            throw new StoreException(e.getMessage(), e);
        }
        if (localHostName != null) {
            registry.setLocalHostName(localHostName);
        }
        SharedFleet fleet = null;
        if (sqlite instanceof SharedStore s) {
            fleet = new SharedFleet(s, UUID.randomUUID().toString(), shared.advertiseUrl());
            registry.share(fleet);
        }
        FleetTrends trends = new FleetTrends();
        registry.addSampleListener(trends);
        listeners.forEach(registry::addSampleListener);
        AgentConfig agentConfig = AgentConfigs.from(settings.config(), registry.catalogue());
        IngestService service = new IngestService(registry, VERSION, UUID.randomUUID().toString(), settings.token(),
                () -> agentConfig, limits);
        IngestTransport transport = new IngestTransport(limits, settings.tls() != null);
        NettyServerBuilder builder = transport.configure(NettyServerBuilder.forAddress(
                new InetSocketAddress(settings.ingestBind(), settings.ingestPort())));
        if (settings.tls() != null) {
            builder.sslContext(ingestTls(settings.tls()));
        } else {
            log.warn("INSECURE: agents stream in plaintext (--insecure): tokens, credentials and samples cross the "
                    + "network unencrypted; use it in a lab only");
        }
        Server ingest = builder
                .addService(ServerInterceptors.intercept(service, new RemoteAddressInterceptor()))
                .build();
        HttpServer http;
        try {
            http = HttpServer.start(settings.bind(), settings.port(), registry, VERSION, settings.config(),
                    settings.auth(), staticServers, trends, settings.https() ? settings.tls() : null,
                    config -> config.register(StaticResource.class)
                            .register(FleetSummaryResource.class)
                            .register(PagesResource.class)
                            .register(MetricsResource.class)
                            .register(new AbstractBinder() {
                                @Override
                                protected void configure() {
                                    bind(FleetMetrics.of(registry, settings.config())).to(FleetMetrics.class);
                                }
                            }));
        } catch (IllegalArgumentException e) {
            transport.close();
            store.close();
            sqlite.close();
            throw e; // a configuration error that names its key (e.g. a host's own port in use)
        } catch (Exception e) {
            transport.close();
            store.close();
            sqlite.close();
            if (StartupErrors.portInUse(e)) {
                throw new StartupErrors.PortInUseException("the REST API's", settings.bind(), settings.port(),
                        "--port", e);
            }
            throw new IOException("cannot serve the REST API on " + settings.bind() + ":" + settings.port() + ": "
                    + e.getMessage(), e);
        }
        WebhookNotifier webhooks = WebhookNotifier.fromConfig(settings.config());
        if (webhooks.enabled()) {
            String link = settings.config().get("alert", "webhook_link_base")
                    .orElse("http://" + linkHost(settings.bind()) + ":" + http.port());
            registry.addEventListener(new WebhookEvents(webhooks, link));
        }
        ActionRunner actions = ActionRunner.allowed(settings.config())
                ? new ActionRunner(settings.config(), registry.catalogue()) : null;
        if (actions != null) {
            registry.addEventListener(actions);
        }
        FleetWatch watch = new FleetWatch(registry, settings.offlineAfterPeriods(), Clock.systemUTC(),
                settings.stateDir() == null ? null
                        : new FleetSize(settings.stateDir().resolve("hub"), Runtime.getRuntime().maxMemory() >> 20,
                                FleetSize.smallFleetJvm()));
        try {
            ingest.start();
        } catch (IOException e) {
            http.close();
            webhooks.close();
            if (actions != null) {
                actions.close();
            }
            transport.close();
            store.close();
            sqlite.close();
            if (StartupErrors.portInUse(e)) {
                throw new StartupErrors.PortInUseException("the agents' ingest", settings.ingestBind(),
                        settings.ingestPort(), "--ingest-port", e);
            }
            throw new IOException("cannot listen for agents on " + settings.ingestBind() + ":" + settings.ingestPort()
                    + ": " + e.getMessage(), e);
        }
        watch.start();
        if (fleet != null) {
            fleet.start(registry);
            log.info("one of the hubs sharing the store {}, reachable at {}", sqlite.location(), fleet.url());
        }
        // the hosts restored from the store serve already; their stats and history load meanwhile
        Thread settling = new Thread(registry::settleAll, "fleetglance-restore");
        settling.setDaemon(true);
        settling.start();
        HostEviction eviction = new HostEviction(registry, storeSettings.forgetAfter(), clock).start();
        Hub hub = new Hub(settings, registry, ingest, service, http, staticServers.start(), List.of(watch, eviction, webhooks,
                actions == null ? () -> { } : actions, transport, fleet == null ? () -> { } : fleet), store);
        log.info("Fleetglance hub {} serving the Glances API on {}://{}:{}/api/4, agents on {}:{} ({})", VERSION,
                settings.https() ? "https" : "http", settings.bind(), http.port(), settings.ingestBind(),
                hub.ingestPort(), settings.tls() == null ? "plaintext" : "TLS 1.3, " + settings.tls().fingerprint());
        return hub;
    }

    /** TLS 1.3 only, ALPN h2 (gRPC's settings): agents are ours, and the JDK of every agent speaks 1.3. */
    private static SslContext ingestTls(HubTls tls) throws IOException {
        SslContextBuilder ssl = SslContextBuilder.forServer(tls.key(),
                tls.chain().toArray(X509Certificate[]::new));
        return GrpcSslContexts.configure(ssl).protocols("TLSv1.3").build();
    }

    public HostRegistry registry() {
        return registry;
    }

    public HubSettings settings() {
        return settings;
    }

    /** The agents' streams: what they send and how. */
    public IngestService ingestService() {
        return ingestService;
    }

    /** The store's writer (and through it the store). */
    public GroupCommit store() {
        return store;
    }

    /** The REST port actually listened on. */
    public int port() {
        return http.port();
    }

    /** The ingest port actually listened on. */
    public int ingestPort() {
        return ((InetSocketAddress) ingest.getListenSockets().get(0)).getPort();
    }

    /** Stops taking agent streams at once, breaking the live ones; the REST API keeps answering. */
    public void stopIngest() throws InterruptedException {
        ingest.shutdownNow();
        ingest.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static String linkHost(String bind) {
        if (!bind.equals("0.0.0.0") && !bind.equals("::")) {
            return bind.contains(":") ? "[" + bind + "]" : bind;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    @Override
    public void close() throws Exception {
        staticServers.close();
        stopIngest();
        http.close();
        for (AutoCloseable s : services) {
            s.close();
        }
        // what the agents sent before the ingest stopped is written before the store closes
        store.close();
        store.store().close();
    }
}
