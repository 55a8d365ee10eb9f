package io.fleetglance.hub.api;

import io.fleetglance.hub.fleet.HostRegistry;
import java.net.URI;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.inject.hk2.AbstractBinder;
import org.glassfish.jersey.jetty.JettyHttpContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/** Jersey on Jetty: serves the fleet's REST API on one address and port. */
public final class HttpServer implements AutoCloseable {

    private final Server server;
    private final int port;

    private HttpServer(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts listening on {@code bind}:{@code port} (port 0 picks a free one). */
    public static HttpServer start(String bind, int port, HostRegistry registry, String hubVersion) throws Exception {
        ResourceConfig config = new ResourceConfig()
                .register(FleetResource.class)
                .register(ErrorMappers.class)
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .register(new AbstractBinder() {
                    @Override
                    protected void configure() {
                        bind(registry).to(HostRegistry.class);
                        bind(hubVersion).to(String.class).named("hubVersion");
                    }
                });
        Server server = JettyHttpContainerFactory.createServer(URI.create("http://localhost:" + port + "/"), config,
                false);
        // The factory listens on every address whatever the URI says: bind the connector ourselves.
        for (Connector c : server.getConnectors()) {
            if (c instanceof ServerConnector sc) {
                sc.setHost(bind);
                sc.setPort(port);
            }
        }
        server.start();
        int actual = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        return new HttpServer(server, actual);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
