package io.fleetglance.agent.collect;

import io.fleetglance.proto.CloudReading;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cloud plugin: what the instance metadata service says of this machine, asked once in the background when the
 * plugin is switched on (it is off unless {@code [cloud] disable=False}, as Glances ships it). As Glances, the
 * OpenStack paths first, then the EC2 ones, each request with a 3 s timeout; a platform that answers none of its
 * keys is not claimed (Glances would report {"platform": "OpenStack"} on any host whose metadata service answers
 * 404 to the OpenStack paths).
 */
public final class CloudCollector implements Collector {

    /** The link-local metadata address every cloud serves. */
    static final String METADATA = "http://169.254.169.254";
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** One platform's metadata: its paths, in the order Glances asks them, for id, name, type and region. */
    private record Platform(String name, String base, List<String> paths) {
    }

    private static final List<Platform> PLATFORMS = List.of(
            new Platform("OpenStack", "/openstack/latest/meta-data",
                    List.of("project_id", "name", "meta/role", "availability_zone")),
            new Platform("Amazon EC2", "/latest/meta-data",
                    List.of("ami-id", "instance-id", "instance-type", "placement/availability-zone")));

    private final String baseUrl;
    private final Duration timeout;
    private boolean enabled;
    private Thread fetcher;
    private volatile CloudReading reading;

    public CloudCollector() {
        this(METADATA, TIMEOUT);
    }

    CloudCollector(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl;
        this.timeout = timeout;
    }

    @Override
    public List<String> plugins() {
        return List.of("cloud");
    }

    @Override
    public synchronized void configure(Map<String, Map<String, String>> sections) {
        boolean wanted = GlancesSection.of(sections, "cloud").isFalse("disable");
        if (wanted == enabled) {
            return;
        }
        enabled = wanted;
        if (fetcher != null) {
            fetcher.interrupt();
            fetcher = null;
        }
        if (!wanted) {
            reading = null;
            return;
        }
        // Until the service answers, the plugin reports {} as Glances' thread does.
        reading = CloudReading.getDefaultInstance();
        Thread thread = new Thread(() -> {
            CloudReading found = fetch();
            synchronized (this) {
                if (fetcher == Thread.currentThread()) {
                    reading = found;
                }
            }
        }, "fleetglance-cloud");
        thread.setDaemon(true);
        fetcher = thread;
        thread.start();
    }

    /** Waits up to {@code timeout} for the metadata lookup in progress, if any, to end. */
    void awaitLookup(Duration timeout) throws InterruptedException {
        Thread thread;
        synchronized (this) {
            thread = fetcher;
        }
        if (thread != null) {
            thread.join(timeout.toMillis());
        }
    }

    @Override
    public void collect(Sample.Builder sample) {
        CloudReading current = reading;
        if (current != null) {
            sample.setCloud(current);
        }
    }

    private CloudReading fetch() {
        for (Platform platform : PLATFORMS) {
            String[] values = new String[4];
            boolean reached = true;
            boolean answered = false;
            for (int i = 0; i < 4; i++) {
                if (Thread.currentThread().isInterrupted()) {
                    return CloudReading.getDefaultInstance();
                }
                Optional<String> value;
                try {
                    value = get(baseUrl + platform.base() + "/" + platform.paths().get(i));
                } catch (IOException e) {
                    // Glances stops asking this platform at the first request that fails.
                    reached = false;
                    break;
                }
                if (value.isPresent()) {
                    values[i] = value.get();
                    answered = true;
                }
            }
            if (reached && answered) {
                CloudReading.Builder found = CloudReading.newBuilder().setPlatform(platform.name());
                if (values[0] != null) {
                    found.setId(values[0]);
                }
                if (values[1] != null) {
                    found.setName(values[1]);
                }
                if (values[2] != null) {
                    found.setType(values[2]);
                }
                if (values[3] != null) {
                    found.setRegion(values[3]);
                }
                return found.build();
            }
        }
        return CloudReading.getDefaultInstance();
    }

    /** The body of a 2xx answer, empty for another status; an exception when the service cannot be reached. */
    private Optional<String> get(String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL()
                .openConnection(Proxy.NO_PROXY);
        try {
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setInstanceFollowRedirects(false);
            int status = connection.getResponseCode();
            if (status < 200 || status >= 300) {
                return Optional.empty();
            }
            try (InputStream body = connection.getInputStream()) {
                return Optional.of(new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8));
            }
        } finally {
            connection.disconnect();
        }
    }
}
