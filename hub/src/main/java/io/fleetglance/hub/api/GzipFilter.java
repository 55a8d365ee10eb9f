package io.fleetglance.hub.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;

/** Glances' GZipMiddleware: gzip a body of at least 1000 bytes when the client accepts it. */
public final class GzipFilter implements ContainerResponseFilter {

    static final int MINIMUM_SIZE = 1000;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) throws IOException {
        if (!(response.getEntity() instanceof byte[] body) || body.length < MINIMUM_SIZE
                || response.getHeaders().containsKey("Content-Encoding")) {
            return;
        }
        String accept = request.getHeaderString("Accept-Encoding");
        if (accept == null || !acceptsGzip(accept)) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        }
        response.setEntity(out.toByteArray());
        response.getHeaders().putSingle("Content-Encoding", "gzip");
        response.getHeaders().add("Vary", "Accept-Encoding");
    }

    static boolean acceptsGzip(String accept) {
        for (String part : accept.split(",")) {
            String[] tokens = part.trim().split(";");
            if (tokens[0].trim().equalsIgnoreCase("gzip")) {
                for (int i = 1; i < tokens.length; i++) {
                    String t = tokens[i].trim();
                    if (t.startsWith("q=") && Double.parseDouble(t.substring(2).trim()) == 0) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }
}
