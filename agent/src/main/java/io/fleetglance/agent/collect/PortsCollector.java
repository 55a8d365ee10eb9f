package io.fleetglance.agent.collect;

import io.fleetglance.proto.PortCheck;
import io.fleetglance.proto.PortsReading;
import io.fleetglance.proto.Sample;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The ports plugin: the {@code [ports]} checks ({@code port_N_*} TCP or ICMP, {@code web_N_*} HTTP, and the default
 * gateway when {@code port_default_gateway} is true), run one after another by a background thread every
 * {@code [ports] refresh} seconds, so that a slow target never delays a sample. A sample carries the latest result of
 * each check; a check not yet run has no status, as Glances reports {@code None} while it scans.
 */
public final class PortsCollector implements Collector, AutoCloseable {

    /** Glances' defaults in ports_list.py and web_list.py. */
    static final double DEFAULT_REFRESH = 60;
    static final double DEFAULT_TIMEOUT = 3;
    private static final int MAX_ENTRIES = 255;

    /** One configuration's checks and their latest results. */
    private static final class Scan {
        final AtomicReferenceArray<PortCheck> results;
        final ScheduledExecutorService thread;

        Scan(List<PortCheck> targets, ScheduledExecutorService thread) {
            this.results = new AtomicReferenceArray<>(targets.toArray(new PortCheck[0]));
            this.thread = thread;
        }
    }

    private final HostRoot root;
    private volatile Scan scan = new Scan(List.of(), null);

    /** A collector whose default gateway is read from {@code /proc/net/route} under {@code root}. */
    public PortsCollector(HostRoot root) {
        this.root = root;
    }

    @Override
    public List<String> plugins() {
        return List.of("ports");
    }

    @Override
    public boolean keepsOwnTimers() {
        return true;
    }

    @Override
    public synchronized void configure(Map<String, Map<String, String>> sections) {
        GlancesSection section = GlancesSection.of(sections, "ports");
        List<PortCheck> targets = section.isTrue("disable") ? List.of() : targets(section);
        Scan old = scan;
        if (old.thread != null) {
            old.thread.shutdownNow();
        }
        if (targets.isEmpty()) {
            scan = new Scan(targets, null);
            return;
        }
        ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "fleetglance-ports");
            t.setDaemon(true);
            return t;
        });
        Scan fresh = new Scan(targets, thread);
        scan = fresh;
        long refreshMs = Math.max(1000, Math.round(section.number("refresh", DEFAULT_REFRESH) * 1000));
        thread.scheduleWithFixedDelay(() -> runOnce(fresh), 0, refreshMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void collect(Sample.Builder sample) {
        Scan current = scan;
        PortsReading.Builder reading = PortsReading.newBuilder();
        for (int i = 0; i < current.results.length(); i++) {
            reading.addChecks(current.results.get(i));
        }
        sample.setPorts(reading);
    }

    /** One pass over every check, in configuration order; each result is visible as soon as it is known. */
    private static void runOnce(Scan scan) {
        for (int i = 0; i < scan.results.length(); i++) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            PortCheck.Builder check = scan.results.get(i).toBuilder();
            try {
                if (!check.getUrl().isEmpty()) {
                    PortChecks.web(check);
                } else if (check.getHost().isEmpty()) {
                    // The default gateway was not found: nothing to check, the status stays unknown.
                    continue;
                } else if (check.getPort() == 0) {
                    PortChecks.icmp(check);
                } else {
                    PortChecks.tcp(check);
                }
            } catch (RuntimeException e) {
                // One odd target must not end the scanning thread (a throwing task is never run again).
                continue;
            }
            scan.results.set(i, check.build());
        }
    }

    /** The checks of a {@code [ports]} section, as Glances lists them: gateway, ports, then web pages. */
    private List<PortCheck> targets(GlancesSection section) {
        List<PortCheck> targets = new ArrayList<>();
        // Glances reads these with int(): whole seconds.
        double refresh = Math.floor(section.number("refresh", DEFAULT_REFRESH));
        double timeout = Math.floor(section.number("timeout", DEFAULT_TIMEOUT));
        if (section.get("port_default_gateway").map(v -> v.toLowerCase().startsWith("true")).orElse(false)) {
            targets.add(PortCheck.newBuilder().setIndice("port_0").setHost(defaultGateway())
                    .setPort(0).setDescription("DefaultGateway").setRefresh(refresh).setTimeout(timeout).build());
        }
        for (int n = 1; n <= MAX_ENTRIES; n++) {
            String prefix = "port_" + n + "_";
            String host = section.get(prefix + "host").orElse(null);
            if (host == null) {
                continue;
            }
            String portText = section.get(prefix + "port").orElse("0");
            int port;
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                continue;
            }
            if (port < 0 || port > 65_535) {
                continue;
            }
            PortCheck.Builder check = PortCheck.newBuilder().setIndice("port_" + n).setHost(host).setPort(port)
                    .setDescription(section.get(prefix + "description").orElse(host + ":" + portText))
                    .setRefresh(refresh)
                    .setTimeout(Math.floor(section.number(prefix + "timeout", timeout)));
            rttWarning(section, prefix).ifPresent(check::setRttWarning);
            targets.add(check.build());
        }
        for (int n = 1; n <= MAX_ENTRIES; n++) {
            String prefix = "web_" + n + "_";
            String url = section.get(prefix + "url").orElse(null);
            if (url == null) {
                continue;
            }
            String netloc;
            try {
                URI uri = new URI(url);
                netloc = uri.getRawAuthority();
                if (uri.getScheme() == null || netloc == null) {
                    continue;
                }
            } catch (URISyntaxException e) {
                continue;
            }
            PortCheck.Builder check = PortCheck.newBuilder().setIndice("web_" + n).setUrl(url)
                    .setDescription(section.get(prefix + "description").orElse(netloc))
                    .setRefresh(refresh)
                    .setTimeout(Math.floor(section.number(prefix + "timeout", timeout)))
                    .setSslVerify(!section.isFalse(prefix + "ssl_verify"));
            rttWarning(section, prefix).ifPresent(check::setRttWarning);
            targets.add(check.build());
        }
        return targets;
    }

    /** {@code rtt_warning} is written in milliseconds and reported in seconds. */
    private static OptionalDouble rttWarning(GlancesSection section, String prefix) {
        OptionalDouble ms = section.number(prefix + "rtt_warning");
        return ms.isPresent() ? OptionalDouble.of(Math.floor(ms.getAsDouble()) / 1000.0) : OptionalDouble.empty();
    }

    /** The gateway of the first default IPv4 route of {@code /proc/net/route}, or "" when there is none. */
    private String defaultGateway() {
        String table = ProcText.read(root.resolve("/proc/net/route")).orElse("");
        for (String line : ProcText.lines(table)) {
            List<String> columns = ProcText.columns(line);
            if (columns.size() < 4 || !columns.get(1).equals("00000000")) {
                continue;
            }
            try {
                int flags = Integer.parseInt(columns.get(3), 16);
                long gateway = Long.parseLong(columns.get(2), 16);
                if ((flags & 0x2) == 0 || gateway == 0) {
                    continue;
                }
                // The kernel writes the address in host (little-endian) byte order.
                return (gateway & 0xff) + "." + (gateway >> 8 & 0xff) + "." + (gateway >> 16 & 0xff) + "."
                        + (gateway >> 24 & 0xff);
            } catch (NumberFormatException e) {
                // the header line, or a damaged one
            }
        }
        return "";
    }

    @Override
    public synchronized void close() {
        if (scan.thread != null) {
            scan.thread.shutdownNow();
        }
    }
}
