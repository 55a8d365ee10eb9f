package io.fleetglance.common.plugins;

import static io.fleetglance.common.catalogue.FieldSpec.of;

import io.fleetglance.common.alerts.ViewRules;
import io.fleetglance.common.alerts.WorkloadViewRules;
import io.fleetglance.common.catalogue.FieldSpec;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.catalogue.Shape;
import io.fleetglance.common.derive.ContainersDerivation;
import io.fleetglance.common.derive.PluginDerivation;
import io.fleetglance.common.derive.PortsDerivation;
import io.fleetglance.common.derive.VmsDerivation;
import java.util.List;

/** Catalogue entries of the plugins that watch what runs on or around the host: containers, VMs, ports. */
final class WorkloadPlugins {

    private WorkloadPlugins() {
    }

    static PluginSpec containers() {
        return new PluginSpec("containers", Shape.LIST, "name", List.of(
                of("name", "Container name", null),
                of("id", "Container ID", null),
                of("image", "Container image", null),
                of("status", "Container status", null),
                of("created", "Container creation date", null),
                of("command", "Container command", null),
                of("cpu_percent", "Container CPU consumption", "percent"),
                // Our text for cpu_limit, memory_inactive_file, memory_limit, memory_percent and ports: fields of the
                // stats that the fields_description of the Glances 4 snapshot studied does not describe.
                of("cpu_limit", "Container CPU limit (in CPUs)", "number"),
                of("memory_usage", "Container memory usage", "byte"),
                of("memory_inactive_file", "Container memory inactive file (page cache not counted in usage)",
                        "byte"),
                of("memory_limit", "Container memory limit", "byte"),
                of("memory_percent", "Container memory usage in percent of its limit", "percent"),
                of("io_rx", "Container IO bytes read rate", "bytepersecond"),
                of("io_wx", "Container IO bytes write rate", "bytepersecond"),
                of("network_rx", "Container network RX bitrate", "bitpersecond"),
                of("network_tx", "Container network TX bitrate", "bitpersecond"),
                of("ports", "Container ports", null),
                of("uptime", "Container uptime", null),
                of("engine", "Container engine (Docker and Podman are currently supported)", null),
                of("pod_name", "Pod name (only with Podman)", null),
                of("pod_id", "Pod ID (only with Podman)", null)),
                List.of("cpu_percent"), true)
                .with(PluginDerivation.Factory.class, (spec, config) -> new ContainersDerivation(spec, config))
                .with(ViewRules.class, WorkloadViewRules::containers);
    }

    static PluginSpec vms() {
        return new PluginSpec("vms", Shape.LIST, "name", List.of(
                of("name", "Vm name", null),
                of("id", "Vm ID", null),
                of("release", "Vm release", null),
                of("status", "Vm status", null),
                of("cpu_count", "Vm CPU count", null),
                // Our text: Glances 4.5 treats cpu_time as a rate field but the description studied lacks it.
                of("cpu_time", "Vm CPU time (cumulative).", "second").asRate(),
                of("memory_usage", "Vm memory usage", "byte"),
                of("memory_total", "Vm memory total", "byte"),
                of("load_1min", "Vm Load last 1 min", null),
                of("load_5min", "Vm Load last 5 mins", null),
                of("load_15min", "Vm Load last 15 mins", null),
                of("ipv4", "Vm IP v4 address", null),
                of("engine", "VM engine name (only Mutlipass is currently supported)", null),
                of("engine_version", "VM engine version", null)),
                List.of("memory_usage"), false)
                .with(PluginDerivation.Factory.class, (spec, config) -> new VmsDerivation(spec, config))
                .with(ViewRules.class, WorkloadViewRules::vms);
    }

    static PluginSpec ports() {
        return new PluginSpec("ports", Shape.LIST, "indice", List.of(
                of("host", "Measurement is be done on this host (or IP address)", null),
                of("port", "Measurement is be done on this port (0 for ICMP)", null),
                of("description", "Human readable description for the host/port", null),
                of("refresh", "Refresh time (in seconds) for this host/port", null),
                of("timeout", "Timeout (in seconds) for the measurement", null),
                of("status", "Measurement result (in seconds)", "second"),
                of("rtt_warning", "Warning threshold (in seconds) for the measurement", "second"),
                of("indice", "Unique indice for the host/port", null)),
                List.of(), true)
                .with(PluginDerivation.Factory.class, (spec, config) -> new PortsDerivation(spec, config));
    }
}
