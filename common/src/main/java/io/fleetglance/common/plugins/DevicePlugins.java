package io.fleetglance.common.plugins;

import static io.fleetglance.common.catalogue.FieldSpec.of;

import io.fleetglance.common.alerts.DeviceViewRules;
import io.fleetglance.common.alerts.ViewRules;
import io.fleetglance.common.catalogue.FieldSpec;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.catalogue.Shape;
import io.fleetglance.common.derive.ConnectionsDerivation;
import io.fleetglance.common.derive.DiskIoDerivation;
import io.fleetglance.common.derive.FoldersDerivation;
import io.fleetglance.common.derive.FsDerivation;
import io.fleetglance.common.derive.GpuDerivation;
import io.fleetglance.common.derive.IpDerivation;
import io.fleetglance.common.derive.IrqDerivation;
import io.fleetglance.common.derive.NetworkDerivation;
import io.fleetglance.common.derive.PluginDerivation;
import io.fleetglance.common.derive.RaidDerivation;
import io.fleetglance.common.derive.SensorsDerivation;
import io.fleetglance.common.derive.SmartDerivation;
import io.fleetglance.common.derive.WifiDerivation;
import java.util.List;

/** Catalogue entries of the plugins that describe devices: network, disks, file systems, sensors, GPUs, IRQs. */
final class DevicePlugins {

    private static final String NUMBER = "number";
    private static final String PERCENT = "percent";
    private static final String BYTE = "byte";

    private DevicePlugins() {
    }

    static PluginSpec network() {
        return list("network", "interface_name", List.of(
                of("interface_name", "Interface name.", null),
                of("alias", "Interface alias name (optional).", null),
                of("bytes_recv", "Number of bytes received.", BYTE).asRate().alerted(),
                of("bytes_sent", "Number of bytes sent.", BYTE).asRate().alerted(),
                of("bytes_all", "Number of bytes received and sent.", BYTE).asRate(),
                of("speed", "Maximum interface speed (in bit per second). Can return 0 on some operating-system.",
                        "bitpersecond"),
                of("is_up", "Is the interface up ?", "bool")),
                List.of("bytes_recv_rate_per_sec", "bytes_sent_rate_per_sec"))
                .with(PluginDerivation.Factory.class, (spec, config) -> new NetworkDerivation(spec))
                .with(ViewRules.class, DeviceViewRules::network);
    }

    static PluginSpec diskio() {
        return list("diskio", "disk_name", List.of(
                of("disk_name", "Disk name.", null),
                of("read_count", "Number of reads.", NUMBER).asRate(),
                of("write_count", "Number of writes.", NUMBER).asRate(),
                of("read_bytes", "Number of bytes read.", BYTE).asRate().alerted(),
                of("write_bytes", "Number of bytes written.", BYTE).asRate().alerted(),
                // The four texts below are ours: the fields are served by Glances 4.5 but absent from the
                // fields_description studied.
                of("read_time", "Time spent reading from the disk (cumulative).", "millisecond").asRate(),
                of("write_time", "Time spent writing to the disk (cumulative).", "millisecond").asRate(),
                of("read_latency", "Mean time of a read operation during the last period.", "millisecond").alerted(),
                of("write_latency", "Mean time of a write operation during the last period.", "millisecond")
                        .alerted()),
                List.of("read_bytes_rate_per_sec", "write_bytes_rate_per_sec"))
                .with(PluginDerivation.Factory.class, (spec, config) -> new DiskIoDerivation(spec))
                .with(ViewRules.class, DeviceViewRules::diskio);
    }

    static PluginSpec fs() {
        return list("fs", "mnt_point", List.of(
                of("device_name", "Device name.", null),
                of("fs_type", "File system type.", null),
                of("mnt_point", "Mount point.", null),
                of("options", "Mount options.", null),
                of("size", "Total size.", BYTE),
                of("used", "Used size.", BYTE).alerted(),
                of("free", "Free size.", BYTE),
                of("percent", "File system usage in percent.", PERCENT)),
                List.of("percent"))
                .with(PluginDerivation.Factory.class, (spec, config) -> new FsDerivation(spec))
                .with(ViewRules.class, DeviceViewRules::fs);
    }

    static PluginSpec folders() {
        return list("folders", "path", List.of(
                of("path", "Absolute path.", null),
                of("size", "Folder size in bytes.", BYTE),
                of("refresh", "Refresh interval in seconds.", "second"),
                of("errno", "Return code when retrieving folder size (0 is no error).", NUMBER),
                of("careful", "Careful threshold in MB.", "megabyte"),
                of("warning", "Warning threshold in MB.", "megabyte"),
                of("critical", "Critical threshold in MB.", "megabyte")),
                List.of())
                .with(PluginDerivation.Factory.class, (spec, config) -> new FoldersDerivation(spec, config));
    }

    static PluginSpec sensors() {
        return list("sensors", "label", List.of(
                of("label", "Sensor label", null),
                of("unit", "Sensor unit", null),
                of("value", "Sensor value", NUMBER).alerted(),
                of("warning", "Warning threshold", NUMBER),
                of("critical", "Critical threshold", NUMBER),
                of("type", "Sensor type (one of battery, temperature_core, fan_speed)", null)),
                List.of())
                .with(PluginDerivation.Factory.class, (spec, config) -> new SensorsDerivation(spec))
                .with(ViewRules.class, DeviceViewRules::sensors);
    }

    static PluginSpec gpu() {
        return list("gpu", "gpu_id", List.of(
                of("gpu_id", "GPU identification", null),
                of("name", "GPU name", null),
                of("mem", "Memory consumption", PERCENT).alerted(),
                of("proc", "GPU processor consumption", PERCENT).alerted(),
                of("temperature", "GPU temperature", "celsius").alerted(),
                of("fan_speed", "GPU fan speed", "roundperminute")),
                List.of("proc", "mem"))
                .with(PluginDerivation.Factory.class, (spec, config) -> new GpuDerivation(spec))
                .with(ViewRules.class, DeviceViewRules::gpu);
    }

    static PluginSpec wifi() {
        return list("wifi", "ssid", List.of(
                of("ssid", "Wi-Fi network name.", null),
                of("quality_link", "Signal quality level.", "dBm"),
                of("quality_level", "Signal strong level.", "dBm").alerted()),
                List.of())
                .with(PluginDerivation.Factory.class, (spec, config) -> new WifiDerivation(spec))
                .with(ViewRules.class, DeviceViewRules::wifi);
    }

    static PluginSpec ip() {
        return new PluginSpec("ip", Shape.DICT, null, List.of(
                of("address", "Private IP address", null),
                of("mask", "Private IP mask", null),
                of("mask_cidr", "Private IP mask in CIDR format", NUMBER),
                of("gateway", "Private IP gateway", null),
                of("public_address", "Public IP address", null),
                of("public_info_human", "Public IP information", null)),
                List.of(), true)
                .with(PluginDerivation.Factory.class, (spec, config) -> new IpDerivation(spec));
    }

    static PluginSpec irq() {
        return new PluginSpec("irq", Shape.LIST, "irq_line", List.of(
                of("irq_line", "IRQ line name", null),
                of("irq_rate", "IRQ rate per second", "numberpersecond")),
                List.of(), false)
                .with(PluginDerivation.Factory.class, (spec, config) -> new IrqDerivation(spec));
    }

    static PluginSpec connections() {
        return new PluginSpec("connections", Shape.DICT, null, List.of(
                of("LISTEN", "Number of TCP connections in LISTEN state", NUMBER),
                of("ESTABLISHED", "Number of TCP connections in ESTABLISHED state", NUMBER),
                of("SYN_SENT", "Number of TCP connections in SYN_SENT state", NUMBER),
                of("SYN_RECV", "Number of TCP connections in SYN_RECV state", NUMBER),
                of("initiated", "Number of TCP connections initiated", NUMBER),
                of("terminated", "Number of TCP connections terminated", NUMBER),
                of("nf_conntrack_count", "Number of tracked connections", NUMBER),
                of("nf_conntrack_max", "Maximum number of tracked connections", NUMBER),
                of("nf_conntrack_percent", "Percentage of tracked connections", PERCENT).alerted()),
                List.of(), false)
                .with(PluginDerivation.Factory.class, (spec, config) -> new ConnectionsDerivation(spec))
                .with(ViewRules.class, DeviceViewRules::connections);
    }

    static PluginSpec raid() {
        // pymdstat's arrays, keyed by array name: a dict, with no fields_description in Glances.
        return new PluginSpec("raid", Shape.DICT, null, List.of(), List.of(), false)
                .with(PluginDerivation.Factory.class, (spec, config) -> new RaidDerivation(spec));
    }

    static PluginSpec smart() {
        return new PluginSpec("smart", Shape.LIST, "DeviceName", List.of(), List.of(), false)
                .with(PluginDerivation.Factory.class, (spec, config) -> new SmartDerivation(spec));
    }

    private static PluginSpec list(String name, String key, List<FieldSpec> fields, List<String> history) {
        return new PluginSpec(name, Shape.LIST, key, fields, history, true);
    }
}
