package io.fleetglance.agent.collect;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Docker Engine API as one engine socket serves it: Docker itself, or Podman's Docker-compatible service. Only
 * the calls the containers plugin needs, each a single bounded request. Which engine answers is told by
 * {@code /version}, and remembered for the life of the socket's connection.
 */
final class ContainerEngineApi {

    /** What a pod-aware engine says of a container's pod. */
    record Pod(String name, String id) {
    }

    private final UnixHttpClient http;
    private volatile String engine;

    ContainerEngineApi(UnixHttpClient http) {
        this.http = http;
    }

    UnixHttpClient http() {
        return http;
    }

    /** {@code "docker"} or {@code "podman"}, asking {@code /version} the first time. */
    String engine() throws IOException {
        String known = engine;
        if (known == null) {
            known = engineOf(getJson("/version"));
            engine = known;
        }
        return known;
    }

    /** Forgets the engine, so that a socket taken over by another engine is asked again. */
    void forgetEngine() {
        engine = null;
    }

    /** Podman names itself in the components (or, in older releases, the platform) of {@code /version}. */
    static String engineOf(Object version) {
        for (Object component : JsonReader.array(JsonReader.at(version, "Components"))) {
            String name = JsonReader.string(JsonReader.at(component, "Name"));
            if (name != null && name.toLowerCase(Locale.ROOT).contains("podman")) {
                return "podman";
            }
        }
        String platform = JsonReader.string(JsonReader.at(version, "Platform", "Name"));
        if (platform != null && platform.toLowerCase(Locale.ROOT).contains("podman")) {
            return "podman";
        }
        return "docker";
    }

    /** {@code GET /containers/json}: running (and paused) containers, or every container when {@code all}. */
    List<Object> containers(boolean all) throws IOException {
        return JsonReader.array(getJson("/containers/json?all=" + all));
    }

    /** {@code GET /containers/{id}/json}. */
    Map<String, Object> inspect(String id) throws IOException {
        return JsonReader.object(getJson("/containers/" + id + "/json"));
    }

    /** {@code GET /containers/{id}/stats}, one document at once rather than the 1 s wait for a CPU baseline. */
    Map<String, Object> stats(String id) throws IOException {
        return JsonReader.object(getJson("/containers/" + id + "/stats?stream=false&one-shot=true"));
    }

    /** Podman's pods ({@code GET /libpod/pods/json}): container id to its pod. */
    Map<String, Pod> podsByContainer() throws IOException {
        Map<String, Pod> pods = new HashMap<>();
        for (Object pod : JsonReader.array(getJson("/libpod/pods/json"))) {
            String name = JsonReader.string(JsonReader.at(pod, "Name"));
            String id = JsonReader.string(JsonReader.at(pod, "Id"));
            if (name == null || id == null) {
                continue;
            }
            for (Object container : JsonReader.array(JsonReader.at(pod, "Containers"))) {
                String containerId = JsonReader.string(JsonReader.at(container, "Id"));
                if (containerId != null) {
                    pods.put(containerId, new Pod(name, id));
                }
            }
        }
        return pods;
    }

    private Object getJson(String target) throws IOException {
        UnixHttpClient.Response response = http.get(target);
        if (!response.ok()) {
            throw new IOException("GET " + target + " on " + http.socket() + " answered " + response.status());
        }
        try {
            return JsonReader.parse(response.body());
        } catch (JsonReader.JsonException e) {
            throw new IOException("GET " + target + " on " + http.socket() + " is not JSON: " + e.getMessage());
        }
    }
}
