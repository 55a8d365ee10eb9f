package io.fleetglance.hub.api;

import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.auth.Authentication;
import io.fleetglance.hub.auth.LoginThrottle;
import io.fleetglance.hub.fleet.FleetTrends;
import io.fleetglance.hub.fleet.HostDecorations;
import io.fleetglance.hub.fleet.HostRegistry;
import io.fleetglance.hub.servers.StaticServers;
import io.fleetglance.hub.tls.HubTls;
import java.io.IOException;
import java.net.URI;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.inject.hk2.AbstractBinder;
import org.glassfish.jersey.jetty.JettyHttpContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.model.Resource;

/** Jersey on Jetty: serves the fleet's REST API on one address and port. */
public final class HttpServer implements AutoCloseable {

    private final Server server;
    private final int port;

    private HttpServer(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts listening on {@code bind}:{@code port} (port 0 picks a free one).
     *
     * @param tls the certificate to serve HTTPS with; null for plain HTTP
     * @param components what else the server serves besides the API (pages, {@code /metrics}): registered on its
     *                   configuration, which the API's own classes never name
     */
    public static HttpServer start(String bind, int port, HostRegistry registry, String hubVersion,
            GlancesConfig glancesConfig, Authentication auth, StaticServers staticServers, FleetTrends trends,
            HubTls tls, Consumer<ResourceConfig> components) throws Exception {
        String prefix = urlPrefix(glancesConfig);
        HostAddresses addresses = HostAddresses.from(glancesConfig);
        AtomicInteger actualPort = new AtomicInteger(port);
        ApiContext context = new ApiContext(registry, hubVersion, glancesConfig, actualPort::get, auth, bind,
                staticServers, HostDecorations.VIEWS);
        Router router = new Router(GlancesRoutes.all(auth != null));
        ResourceConfig config = new ResourceConfig()
                .registerResources(FleetResource.glancesApi(context, router).toArray(Resource[]::new))
                .register(FleetResource.class)
                .register(DocsResource.class)
                .register(ErrorMappers.class)
                .register(new CorsFilter(glancesConfig))
                .register(GzipFilter.class)
                .register(BodyLimitFilter.class)
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .register(new AbstractBinder() {
                    @Override
                    protected void configure() {
                        bind(context).to(ApiContext.class);
                        bind(router).to(Router.class);
                        bind(trends).to(FleetTrends.class);
                    }
                });
        components.accept(config);
        if (auth != null) {
            config.register(new AuthFilter(auth, LoginThrottle.from(glancesConfig)));
        }
        if (!prefix.isEmpty()) {
            config.register(new UrlPrefixFilter(prefix));
        }
        Server server = JettyHttpContainerFactory.createServer(URI.create("http://localhost:" + port + "/"), config,
                false);

        if (tls != null) {
            server.setConnectors(new Connector[] {HttpsConnector.create(server, tls)});
        }
        // The factory listens on every address whatever the URI says: bind the connector ourselves.
        for (Connector c : server.getConnectors()) {
            if (c instanceof ServerConnector sc) {
                sc.setHost(bind);
                sc.setPort(port);
                // Glances decodes %2F before routing (so /fs/%2F_percent/... is a plain 404); Jetty would refuse
                // such a path with its own HTML 400 instead.
                HttpConnectionFactory http = sc.getConnectionFactory(HttpConnectionFactory.class);
                if (http != null) {
                    http.getHttpConfiguration().setUriCompliance(UriCompliance.DEFAULT.with("glances",
                            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
                            UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
                            UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));
                    http.getHttpConfiguration().setSendServerVersion(false);
                }
            }
        }
        // Each host with a port of its own gets a connector on the same address, configured as the main one.
        ServerConnector main = (ServerConnector) server.getConnectors()[0];
        Map<Connector, String> hostByConnector = new IdentityHashMap<>();
        for (Map.Entry<Integer, String> e : addresses.ports().entrySet()) {
            ServerConnector own = new ServerConnector(server, new HttpConnectionFactory(
                    main.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration()));
            own.setHost(bind);
            own.setPort(e.getKey());
            own.setName("host " + e.getValue());
            server.addConnector(own);
            hostByConnector.put(own, e.getValue());
        }
        if (!addresses.hostDomain().isEmpty() || !hostByConnector.isEmpty()) {
            server.setHandler(new HostRouting(server.getHandler(), addresses, hostByConnector, prefix));
        }
        try {
            server.start();
        } catch (IOException e) {
            server.stop();
            for (Map.Entry<Connector, String> own : hostByConnector.entrySet()) {
                int p = ((ServerConnector) own.getKey()).getPort();
                if (String.valueOf(e.getMessage()).endsWith(":" + p)) {
                    // A host's own port, not the REST API's: say which one, and where it is configured.
                    throw new IllegalArgumentException("[fleet] host_ports: port " + p + " (host " + own.getValue()
                            + ") on " + bind + " is already in use: stop what listens there, or give the host another"
                            + " port", e);
                }
            }
            throw e;
        }
        int actual = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        actualPort.set(actual);
        return new HttpServer(server, actual);
    }

    /** {@code [outputs] url_prefix} without its trailing slash, as Glances strips it; "" for none. */
    public static String urlPrefix(GlancesConfig config) {
        String p = config.get("outputs", "url_prefix").orElse("").trim();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.isEmpty() && !p.startsWith("/")) {
            p = "/" + p;
        }
        return p;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
