package io.fleetglance.agent.collect;

import io.fleetglance.proto.Container;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the engine's JSON (a {@code /containers/json} entry, its {@code /containers/{id}/json} inspection and its
 * stats) into a raw {@link Container} reading: identities and cumulative counters, no arithmetic.
 */
final class ContainerReadings {

    private ContainerReadings() {
    }

    /** The container's identity and configuration, from its list entry and its inspection. */
    static Container.Builder identity(String engine, Map<String, Object> listed, Map<String, Object> inspected) {
        Container.Builder container = Container.newBuilder()
                .setEngine(engine)
                .setId(nonNull(JsonReader.string(listed.get("Id"))))
                .setName(name(listed, inspected))
                .setImage(nonNull(JsonReader.string(listed.get("Image"))))
                .setPorts(ports(listed.get("Ports")));
        String status = JsonReader.string(JsonReader.at(inspected, "State", "Status"));
        container.setStatus(nonNull(status != null ? status : JsonReader.string(listed.get("State"))));
        container.setCreated(nonNull(JsonReader.string(inspected.get("Created"))));
        // Glances' command is the entrypoint followed by the command, each a list in the engine's configuration.
        for (String part : new String[] {"Entrypoint", "Cmd"}) {
            for (Object argument : JsonReader.array(JsonReader.at(inspected, "Config", part))) {
                if (argument instanceof String s) {
                    container.addCommand(s);
                }
            }
        }
        container.setHasCommand(container.getCommandCount() > 0);
        long startedAt = epochSeconds(JsonReader.string(JsonReader.at(inspected, "State", "StartedAt")));
        if (startedAt > 0) {
            container.setStartedAtS(startedAt);
        }
        double nanoCpus = JsonReader.decimal(JsonReader.at(inspected, "HostConfig", "NanoCpus"), 0);
        double quota = JsonReader.decimal(JsonReader.at(inspected, "HostConfig", "CpuQuota"), 0);
        double period = JsonReader.decimal(JsonReader.at(inspected, "HostConfig", "CpuPeriod"), 0);
        if (nanoCpus > 0) {
            container.setCpuLimit(nanoCpus / 1e9);
        } else if (quota > 0 && period > 0) {
            container.setCpuLimit(quota / period);
        }
        return container;
    }

    /** Adds the cumulative counters of one stats document. */
    static void addStats(Container.Builder container, Map<String, Object> stats) {
        Object cpu = stats.get("cpu_stats");
        container.setCpuTotalUsage(JsonReader.counter(JsonReader.at(cpu, "cpu_usage", "total_usage"), 0));
        container.setSystemCpuUsage(JsonReader.counter(JsonReader.at(cpu, "system_cpu_usage"), 0));
        long online = JsonReader.counter(JsonReader.at(cpu, "online_cpus"), 0);
        if (online == 0) {
            // Older daemons leave online_cpus out; the per-CPU usage list then tells the count.
            online = JsonReader.array(JsonReader.at(cpu, "cpu_usage", "percpu_usage")).size();
        }
        container.setOnlineCpus((int) online);

        Object memory = stats.get("memory_stats");
        container.setMemoryUsage(JsonReader.counter(JsonReader.at(memory, "usage"), 0));
        container.setMemoryLimit(JsonReader.counter(JsonReader.at(memory, "limit"), 0));
        container.setMemoryInactiveFile(JsonReader.counter(JsonReader.at(memory, "stats", "inactive_file"), 0));

        // As Glances: the first Read and the first Write entry (cgroup v1 lists one per device).
        Long read = null;
        Long write = null;
        for (Object entry : JsonReader.array(JsonReader.at(stats, "blkio_stats", "io_service_bytes_recursive"))) {
            String op = JsonReader.string(JsonReader.at(entry, "op"));
            long value = JsonReader.counter(JsonReader.at(entry, "value"), 0);
            if (op == null) {
                continue;
            }
            if (read == null && op.toLowerCase(Locale.ROOT).equals("read")) {
                read = value;
            } else if (write == null && op.toLowerCase(Locale.ROOT).equals("write")) {
                write = value;
            }
        }
        if (read != null && write != null) {
            container.setHasIo(true).setIoReadBytes(read).setIoWriteBytes(write);
        }

        // As Glances: eth0 only; a container on the host network has no networks at all.
        Object eth0 = JsonReader.at(stats, "networks", "eth0");
        Object rx = JsonReader.at(eth0, "rx_bytes");
        Object tx = JsonReader.at(eth0, "tx_bytes");
        if (rx instanceof Long && tx instanceof Long) {
            container.setHasNetwork(true)
                    .setNetworkRxBytes(JsonReader.counter(rx, 0))
                    .setNetworkTxBytes(JsonReader.counter(tx, 0));
        }
    }

    /** The name without the leading '/' the engine gives it. */
    private static String name(Map<String, Object> listed, Map<String, Object> inspected) {
        String name = null;
        for (Object n : JsonReader.array(listed.get("Names"))) {
            if (n instanceof String s) {
                name = s;
                break;
            }
        }
        if (name == null) {
            name = JsonReader.string(inspected.get("Name"));
        }
        if (name == null) {
            return "";
        }
        return name.startsWith("/") ? name.substring(1) : name;
    }

    /**
     * The published ports as {@code "8080->80/tcp"}, an exposed port alone as {@code "80/tcp"}, comma-separated in the
     * engine's order; a port published on both IPv4 and IPv6 is listed once.
     */
    static String ports(Object ports) {
        Set<String> described = new LinkedHashSet<>();
        for (Object port : JsonReader.array(ports)) {
            long privatePort = JsonReader.counter(JsonReader.at(port, "PrivatePort"), -1);
            if (privatePort < 0) {
                continue;
            }
            long publicPort = JsonReader.counter(JsonReader.at(port, "PublicPort"), -1);
            String type = JsonReader.string(JsonReader.at(port, "Type"));
            String suffix = "/" + (type == null ? "tcp" : type);
            described.add(publicPort > 0 ? publicPort + "->" + privatePort + suffix : privatePort + suffix);
        }
        return String.join(",", described);
    }

    /** Epoch seconds of an RFC 3339 time such as {@code 2026-11-26T14:00:01.5Z}; 0 for a zero or bad time. */
    static long epochSeconds(String time) {
        if (time == null || time.isEmpty() || time.startsWith("0001-01-01")) {
            return 0;
        }
        try {
            return Instant.parse(time).getEpochSecond();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(time).toEpochSecond();
            } catch (DateTimeParseException again) {
                return 0;
            }
        }
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
