package io.fleetglance.hub.api;

import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves a host's API at the root for the per-host addresses of {@link HostAddresses}: a request for
 * {@code <prefix>/api/4/...} that came on a host's own port, or under a host's virtual-host name, is handled as
 * {@code <prefix>/hosts/<name>/api/4/...}, with everything that path has (authentication, errors, the unknown-host
 * 404). Other paths pass unchanged.
 */
final class HostRouting extends Handler.Wrapper {

    private final HostAddresses addresses;
    private final Map<Connector, String> hostByConnector;
    private final String prefix;

    HostRouting(Handler jersey, HostAddresses addresses, Map<Connector, String> hostByConnector, String prefix) {
        super(jersey);
        this.addresses = addresses;
        this.hostByConnector = hostByConnector;
        this.prefix = prefix;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpURI uri = request.getHttpURI();
        String path = uri.getPath();
        String api = prefix + "/api/4";
        if (path != null && (path.equals(api) || path.startsWith(api + "/"))) {
            Optional<String> host = Optional.ofNullable(hostByConnector.get(request.getConnectionMetaData()
                    .getConnector())).or(() -> addresses.hostOf(uri.getHost()));
            if (host.isPresent()) {
                String routed = prefix + "/hosts/" + host.get() + path.substring(prefix.length());
                HttpURI rewritten = HttpURI.build(uri).path(routed);
                return super.handle(new Request.Wrapper(request) {
                    @Override
                    public HttpURI getHttpURI() {
                        return rewritten;
                    }
                }, response, callback);
            }
        }
        return super.handle(request, response, callback);
    }
}
