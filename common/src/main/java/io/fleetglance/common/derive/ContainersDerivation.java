package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.Container;
import io.fleetglance.proto.ContainersReading;
import io.fleetglance.proto.Sample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code containers} plugin: one element per container as Glances' Docker/Podman engines build it, with the rates
 * worked out from this sample's counters and the previous sample's (Glances takes them from the engine's stats
 * stream). For a running container: {@code cpu_percent} by Docker's formula (container CPU delta over system CPU
 * delta, times the online CPUs, times 100), {@code memory_usage} = usage − inactive_file, {@code io_rx}/{@code io_wx}
 * and {@code network_rx}/{@code network_tx} = byte deltas floor-divided by the whole seconds between the samples.
 * A stopped container keeps its identity only. Elements are sorted by {@code cpu_percent}, then
 * {@code memory_usage}, descending (by name when a stopped container lacks them, as Glances falls back); the
 * {@code [containers]} {@code hide}/{@code show} lists filter names. With no container to list the stats are
 * {@code {}}, as Glances 4.5.6 answers.
 */
public final class ContainersDerivation implements PluginDerivation {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private record Previous(Container container, long monoNs) {
    }

    private final boolean disabled;
    private final List<Pattern> hide;
    private final List<Pattern> show;
    private Map<String, Previous> previous = new HashMap<>();
    private final CopiedFields copied;

    public ContainersDerivation(PluginSpec spec, GlancesConfig config) {
        copied = CopiedFields.of(spec, Container.getDescriptor(), "cpu_limit", "memory_usage",
                "memory_inactive_file", "memory_limit", "pod_name", "pod_id");
        this.disabled = PluginSwitch.isDisabled(config, "containers");
        this.hide = patterns(config.get("containers", "hide").orElse(""));
        this.show = patterns(config.get("containers", "show").orElse(""));
    }

    @Override
    public String plugin() {
        return "containers";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (disabled || !sample.hasContainers()) {
            return Optional.empty();
        }
        ContainersReading reading = sample.getContainers();
        Map<String, Previous> current = new HashMap<>();
        List<ObjectNode> elements = new ArrayList<>();
        for (Container container : reading.getContainersList()) {
            current.put(container.getId(), new Previous(container, sample.getMonoTimeNs()));
            if (hidden(container.getName())) {
                continue;
            }
            elements.add(copied.complete(element(container, previous.get(container.getId()), sample), container));
        }
        previous = current;
        if (elements.isEmpty()) {
            // Glances keeps the plugin's initial dict when it has no container to list.
            return Optional.of(JSON.objectNode());
        }
        ArrayNode stats = JSON.arrayNode();
        sort(elements).forEach(stats::add);
        return Optional.of(stats);
    }

    private ObjectNode element(Container container, Previous before, Sample sample) {
        ObjectNode c = JSON.objectNode();
        c.put("key", "name");
        c.put("name", container.getName());
        c.put("id", container.getId());
        c.put("image", container.getImage());
        c.put("status", container.getStatus());
        putText(c, "created", container.getCreated());
        if (container.getHasCommand()) {
            ArrayNode command = c.putArray("command");
            container.getCommandList().forEach(command::add);
        } else {
            c.putNull("command");
        }
        boolean active = isActive(container);
        if (!active) {
            c.putObject("cpu");
            c.putObject("memory");
            c.putObject("io");
            c.putObject("network");
            c.putNull("cpu_percent");
            c.putNull("memory_percent");
            c.putNull("io_rx");
            c.putNull("io_wx");
            c.putNull("network_rx");
            c.putNull("network_tx");
            c.put("ports", container.getPorts());
            c.putNull("uptime");
            putEngine(c, container);
            return c;
        }
        Container prev = before != null && isActive(before.container()) ? before.container() : null;
        // Glances' engines use whole seconds, and never less than one.
        long seconds = prev == null ? 1
                : (long) Math.rint(Math.max(1.0, CounterRates.secondsBetween(before.monoNs(), sample.getMonoTimeNs())));

        double cpuPercent = cpuPercent(prev, container);
        c.putObject("cpu").put("total", cpuPercent);
        ObjectNode memory = c.putObject("memory");
        memory.set("usage", JsonNumbers.integer(container.getMemoryUsage()));
        memory.set("limit", JsonNumbers.integer(container.getMemoryLimit()));
        memory.set("inactive_file", JsonNumbers.integer(container.getMemoryInactiveFile()));

        ObjectNode io = c.putObject("io");
        Long ior = null;
        Long iow = null;
        if (container.getHasIo()) {
            io.set("cumulative_ior", JsonNumbers.integer(container.getIoReadBytes()));
            io.set("cumulative_iow", JsonNumbers.integer(container.getIoWriteBytes()));
            if (prev != null && prev.getHasIo()) {
                ior = delta(prev.getIoReadBytes(), container.getIoReadBytes());
                iow = delta(prev.getIoWriteBytes(), container.getIoWriteBytes());
                io.set("time_since_update", JsonNumbers.integer(seconds));
                io.set("ior", JsonNumbers.integer(ior));
                io.set("iow", JsonNumbers.integer(iow));
            }
        }
        ObjectNode network = c.putObject("network");
        Long rx = null;
        Long tx = null;
        if (container.getHasNetwork()) {
            network.set("cumulative_rx", JsonNumbers.integer(container.getNetworkRxBytes()));
            network.set("cumulative_tx", JsonNumbers.integer(container.getNetworkTxBytes()));
            if (prev != null && prev.getHasNetwork()) {
                rx = delta(prev.getNetworkRxBytes(), container.getNetworkRxBytes());
                tx = delta(prev.getNetworkTxBytes(), container.getNetworkTxBytes());
                network.set("time_since_update", JsonNumbers.integer(seconds));
                network.set("rx", JsonNumbers.integer(rx));
                network.set("tx", JsonNumbers.integer(tx));
            }
        }

        c.put("cpu_percent", cpuPercent);
        if (container.hasCpuLimit()) {
            c.put("cpu_limit", container.getCpuLimit());
        } else {
            c.putNull("cpu_limit");
        }
        long usage = container.getMemoryUsage() - container.getMemoryInactiveFile();
        c.set("memory_usage", JsonNumbers.integer(usage));
        c.set("memory_inactive_file", JsonNumbers.integer(container.getMemoryInactiveFile()));
        c.set("memory_limit", JsonNumbers.integer(container.getMemoryLimit()));
        if (container.getMemoryLimit() > 0) {
            c.put("memory_percent", (double) usage / container.getMemoryLimit() * 100.0);
        } else {
            c.putNull("memory_percent");
        }
        putRate(c, "io_rx", ior, seconds);
        putRate(c, "io_wx", iow, seconds);
        putRate(c, "network_rx", rx, seconds);
        putRate(c, "network_tx", tx, seconds);
        c.put("ports", container.getPorts());
        if (container.getStartedAtS() > 0) {
            long up = Math.floorDiv(sample.getWallTimeUs() - container.getStartedAtS() * 1_000_000L, 1_000_000L);
            c.put("uptime", prettyDate(up));
        } else {
            c.putNull("uptime");
        }
        putEngine(c, container);
        return c;
    }

    private static boolean isActive(Container container) {
        return container.getStatus().equals("running") || container.getStatus().equals("paused");
    }

    /** Docker's CPU percentage; 0.0 without a previous reading (Glances' value before the stream has a baseline). */
    private static double cpuPercent(Container prev, Container now) {
        if (prev == null) {
            return 0.0;
        }
        long cpuDelta = now.getCpuTotalUsage() - prev.getCpuTotalUsage();
        long systemDelta = now.getSystemCpuUsage() - prev.getSystemCpuUsage();
        if (systemDelta <= 0 || cpuDelta < 0) {
            return 0.0;
        }
        return ((double) cpuDelta / systemDelta) * now.getOnlineCpus() * 100.0;
    }

    /** A counter delta; a counter that went backwards (the container restarted) gives 0. */
    private static long delta(long before, long now) {
        return Math.max(0, now - before);
    }

    private static void putRate(ObjectNode c, String field, Long delta, long seconds) {
        if (delta == null) {
            c.putNull(field);
        } else {
            c.set(field, JsonNumbers.integer(Math.floorDiv(delta, seconds)));
        }
    }

    private static void putEngine(ObjectNode c, Container container) {
        c.put("engine", container.getEngine());
        // Glances sets the pod fields only for a container that belongs to a pod.
        if (!container.getPodName().isEmpty()) {
            c.put("pod_name", container.getPodName());
        }
        if (!container.getPodId().isEmpty()) {
            c.put("pod_id", container.getPodId());
        }
    }

    private static void putText(ObjectNode c, String field, String value) {
        if (value.isEmpty()) {
            c.putNull(field);
        } else {
            c.put(field, value);
        }
    }

    /**
     * Glances' {@code sort_docker_stats} with its default key: cpu_percent then memory_usage, descending, null lowest;
     * when an element lacks either field (a stopped container), by name ascending instead.
     */
    static List<ObjectNode> sort(List<ObjectNode> elements) {
        List<ObjectNode> sorted = new ArrayList<>(elements);
        boolean complete = sorted.stream().allMatch(e -> e.has("cpu_percent") && e.has("memory_usage"));
        if (complete) {
            Comparator<ObjectNode> byLoad = Comparator.<ObjectNode>comparingDouble(e -> weighted(e.get("cpu_percent")))
                    .thenComparingDouble(e -> weighted(e.get("memory_usage")));
            sorted.sort(byLoad.reversed());
        } else {
            sorted.sort(Comparator.comparing(e -> e.get("name").isNull() ? "~" : e.get("name").asText()));
        }
        return sorted;
    }

    private static double weighted(JsonNode value) {
        return value == null || value.isNull() ? Double.NEGATIVE_INFINITY : value.asDouble();
    }

    /**
     * Glances' {@code pretty_date} of a time {@code seconds} ago: "just now", "42 secs", "a min", "5 mins",
     * "an hour", "3 hours", "yesterday", "4 days", "2 weeks", "3 months", "2 years"; empty for a time in the future.
     */
    static String prettyDate(long seconds) {
        long days = Math.floorDiv(seconds, 86_400L);
        long secs = Math.floorMod(seconds, 86_400L);
        if (days < 0) {
            return "";
        }
        if (days == 0) {
            if (secs < 10) {
                return "just now";
            }
            if (secs < 60) {
                return secs + " secs";
            }
            if (secs < 120) {
                return "a min";
            }
            if (secs < 3600) {
                return secs / 60 + " mins";
            }
            if (secs < 7200) {
                return "an hour";
            }
            return secs / 3600 + " hours";
        }
        if (days == 1) {
            return "yesterday";
        }
        if (days < 7) {
            return days + " days";
        }
        if (days < 31) {
            long weeks = days / 7;
            return weeks > 1 ? weeks + " weeks" : "a week";
        }
        if (days < 365) {
            long months = days / 30;
            return months > 1 ? months + " months" : "a month";
        }
        long years = days / 365;
        return years > 1 ? years + " years" : "an year";
    }

    private boolean hidden(String name) {
        // As Glances' is_hide: with a show list, everything not shown is hidden; full, case-insensitive matches.
        if (!show.isEmpty()) {
            return show.stream().noneMatch(p -> p.matcher(name.toLowerCase(Locale.ROOT)).matches());
        }
        return hide.stream().anyMatch(p -> p.matcher(name.toLowerCase(Locale.ROOT)).matches());
    }

    private static List<Pattern> patterns(String list) {
        List<Pattern> patterns = new ArrayList<>();
        for (String item : list.split(",")) {
            String regex = item.strip();
            if (regex.isEmpty()) {
                continue;
            }
            try {
                patterns.add(Pattern.compile(regex.toLowerCase(Locale.ROOT)));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("[containers] hide/show: '" + regex + "' is not a regular "
                        + "expression: " + e.getDescription(), e);
            }
        }
        return patterns;
    }
}
