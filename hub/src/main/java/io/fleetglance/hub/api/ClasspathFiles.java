package io.fleetglance.hub.api;

import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Files of the hub's own jar served as they are: pages, their assets, web libraries, the API's docs page. */
public final class ClasspathFiles {

    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "html", "text/html; charset=utf-8", "png", "image/png", "svg", "image/svg+xml",
            "json", "application/json", "map", "application/json", "ico", "image/x-icon");
    /** Assets never change while the hub runs: read each once. */
    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private ClasspathFiles() {
    }

    /** A classpath resource, or Glances' 404; never a path outside the two roots. */
    public static Response serve(String resource) {
        if (resource.contains("..") || resource.contains("//") || resource.contains("\\")) {
            return notFound();
        }
        byte[] body = CACHE.computeIfAbsent(resource, ClasspathFiles::read);
        if (body.length == 0 && !resource.endsWith(".keep")) {
            CACHE.remove(resource);
            return notFound();
        }
        String ext = resource.substring(resource.lastIndexOf('.') + 1);
        CacheControl cache = new CacheControl();
        cache.setMaxAge(3600);
        return Response.ok(body, TYPES.getOrDefault(ext, "application/octet-stream")).cacheControl(cache).build();
    }

    private static byte[] read(String resource) {
        try (InputStream in = ClasspathFiles.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static Response notFound() {
        return Response.status(404).entity("{\"detail\":\"Not Found\"}").type("application/json").build();
    }
}
