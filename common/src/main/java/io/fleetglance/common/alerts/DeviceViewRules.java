package io.fleetglance.common.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.events.Level;
import java.util.Arrays;
import java.util.Locale;

/** Decorations of the per-device plugins: network, diskio, fs, sensors, wifi, gpu and connections. */
public final class DeviceViewRules {

    private DeviceViewRules() {
    }

    /**
     * The bit rate of each interface, first against per-interface limits in bps ({@code <if>_rx_careful}…), else as
     * a percentage of the interface speed ({@code rx_*}, {@code tx_*}); DEFAULT when neither applies. Glances
     * decorates {@code bytes_sent_rate_per_sec} with the receive alert, a bug not reproduced here: both sent fields
     * get the transmit alert.
     */
    public static void network(PluginViews views, PluginAlerts alerts) {
        String keyField = views.spec().keyField();
        for (JsonNode item : views.stats()) {
            String key = PluginViews.itemKey(item, keyField);
            JsonNode recvRate = item.get("bytes_recv_rate_per_sec");
            JsonNode sentRate = item.get("bytes_sent_rate_per_sec");
            if (key == null || recvRate == null || sentRate == null) {
                // no interval measured yet
                continue;
            }
            long bpsRx = bits(recvRate);
            long bpsTx = bits(sentRate);
            String name = item.path("interface_name").asText().split(":", -1)[0];
            String alertRx = alerts.alert(bpsRx, name + "_rx");
            String alertTx = alerts.alert(bpsTx, name + "_tx");
            JsonNode speed = item.get("speed");
            boolean knownSpeed = speed != null && speed.isNumber() && speed.doubleValue() != 0;
            if (alertRx.equals(Level.DEFAULT) && knownSpeed) {
                alertRx = alerts.alert(bpsRx, speed, "rx");
            }
            if (alertTx.equals(Level.DEFAULT) && knownSpeed) {
                alertTx = alerts.alert(bpsTx, speed, "tx");
            }
            views.decorate(key, "bytes_recv", alertRx);
            views.decorate(key, "bytes_recv_rate_per_sec", alertRx);
            views.decorate(key, "bytes_sent", alertTx);
            views.decorate(key, "bytes_sent_rate_per_sec", alertTx);
        }
    }

    // Python's int(rate * 8)
    private static long bits(JsonNode rate) {
        return rate.isIntegralNumber() ? rate.asLong() * 8 : (long) (rate.asDouble() * 8);
    }

    /**
     * Bytes read and written against per-disk limits ({@code <disk>_rx_*}, none by default); latencies against
     * per-disk limits ({@code <disk>_rx_latency_*}), else {@code rx_latency_*} / {@code tx_latency_*} in ms.
     */
    public static void diskio(PluginViews views, PluginAlerts alerts) {
        String keyField = views.spec().keyField();
        for (JsonNode item : views.stats()) {
            String key = PluginViews.itemKey(item, keyField);
            if (key == null || !item.has("read_bytes_rate_per_sec") || !item.has("write_bytes_rate_per_sec")) {
                continue;
            }
            String disk = item.path("disk_name").asText();
            String alertRx = alerts.alert(item.get("read_bytes"), disk + "_rx");
            String alertTx = alerts.alert(item.get("write_bytes"), disk + "_tx");
            views.decorate(key, "read_bytes", alertRx);
            views.decorate(key, "read_bytes_rate_per_sec", alertRx);
            views.decorate(key, "write_bytes", alertTx);
            views.decorate(key, "write_bytes_rate_per_sec", alertTx);
            latency(views, alerts, item, key, "read_latency", disk, "rx_latency");
            latency(views, alerts, item, key, "write_latency", disk, "tx_latency");
        }
    }

    private static void latency(PluginViews views, PluginAlerts alerts, JsonNode item, String key, String field,
                                String disk, String header) {
        if (!item.has(field)) {
            return;
        }
        String alert = alerts.alert(item.get(field), disk + "_" + header);
        if (alert.equals(Level.DEFAULT)) {
            alert = alerts.alert(item.get(field), header);
        }
        views.decorate(key, field, alert);
    }

    /** Used space (size - free, so reserved blocks count as used) per mount point; read-only mounts are skipped. */
    public static void fs(PluginViews views, PluginAlerts alerts) {
        String keyField = views.spec().keyField();
        for (JsonNode item : views.stats()) {
            String key = PluginViews.itemKey(item, keyField);
            if (key == null || Arrays.asList(item.path("options").asText("").split(",", -1)).contains("ro")) {
                continue;
            }
            JsonNode size = item.get("size");
            JsonNode free = item.get("free");
            if (size == null || free == null || !size.isNumber() || !free.isNumber()) {
                continue;
            }
            Number used = size.isIntegralNumber() && free.isIntegralNumber()
                    ? (Number) (size.asLong() - free.asLong()) : (Number) (size.asDouble() - free.asDouble());
            views.decorate(key, "used", alerts.alert(used, size, item.path("mnt_point").asText()));
        }
    }

    /**
     * Sensor values: core temperatures against {@code temperature_core_<label>_*}, else {@code temperature_core_*},
     * else the sensor's own high/critical points; batteries by the charge missing ({@code 100 - value}) against
     * {@code battery_*}; other types against {@code <type>_*}. A zero or missing value is not evaluated.
     */
    public static void sensors(PluginViews views, PluginAlerts alerts) {
        String keyField = views.spec().keyField();
        for (JsonNode item : views.stats()) {
            String key = PluginViews.itemKey(item, keyField);
            JsonNode value = item.get("value");
            if (key == null || value == null || !value.isNumber() || value.doubleValue() == 0) {
                continue;
            }
            String type = item.path("type").asText();
            String alert;
            if (type.equals("temperature_core")) {
                String perSensor = type + "_" + item.path("label").asText();
                if (alerts.limits().hasThreshold("critical", perSensor)) {
                    alert = alerts.alert(value, perSensor);
                } else if (alerts.limits().hasThreshold("critical", type)) {
                    alert = alerts.alert(value, type);
                } else {
                    alert = systemThresholds(value.doubleValue(), item.get("warning"), item.get("critical"));
                }
            } else if (type.equals("battery")) {
                alert = alerts.alert(100 - value.doubleValue(), type);
            } else {
                alert = alerts.alert(value, type);
            }
            views.decorate(key, "value", alert);
        }
    }

    // the sensor's own points (hwmon's high and crit): they decorate but neither log nor feed the global message
    private static String systemThresholds(double value, JsonNode warning, JsonNode critical) {
        if (critical == null || !critical.isNumber()) {
            return Level.DEFAULT;
        }
        if (value >= critical.doubleValue()) {
            return Level.CRITICAL.name();
        }
        if (warning == null || !warning.isNumber()) {
            return Level.DEFAULT;
        }
        return value >= warning.doubleValue() ? Level.WARNING.name() : Level.OK.name();
    }

    /**
     * Signal level in dBm, where lower is worse: at or below {@code critical}, {@code warning}, {@code careful}.
     * Glances' own comparison: it neither logs nor feeds the global message, and a missing limit gives DEFAULT.
     */
    public static void wifi(PluginViews views, PluginAlerts alerts) {
        String keyField = views.spec().keyField();
        for (JsonNode item : views.stats()) {
            String key = PluginViews.itemKey(item, keyField);
            if (key != null) {
                views.decorate(key, "quality_level", signal(item.get("quality_level"), alerts));
            }
        }
    }

    private static String signal(JsonNode level, PluginAlerts alerts) {
        if (level == null || !level.isNumber()) {
            return Level.DEFAULT;
        }
        String plugin = alerts.limits().plugin();
        for (Level l : new Level[] {Level.CRITICAL, Level.WARNING, Level.CAREFUL}) {
            var limit = alerts.threshold(l.name().toLowerCase(Locale.ROOT), plugin);
            if (limit.isEmpty()) {
                return Level.DEFAULT;
            }
            if (level.doubleValue() <= limit.get()) {
                return l.name();
            }
        }
        return Level.OK.name();
    }

    /**
     * Per GPU: processor, memory and temperature against {@code proc_*}, {@code mem_*} and {@code temperature_*}.
     * Like Glances, the GPU's views hold only those three entries.
     */
    public static void gpu(PluginViews views, PluginAlerts alerts) {
        String keyField = views.spec().keyField();
        for (JsonNode item : views.stats()) {
            String key = PluginViews.itemKey(item, keyField);
            if (key == null) {
                continue;
            }
            views.replaceItem(key, "proc", "mem", "temperature");
            for (String field : new String[] {"proc", "mem", "temperature"}) {
                if (item.has(field)) {
                    views.decorate(key, field, alerts.alert(item.get(field), field));
                }
            }
        }
    }

    /**
     * The conntrack table's fill ratio against {@code nf_conntrack_percent_*}, when conntrack is available. (Glances
     * evaluates 0 here instead of the ratio, so it always shows OK; the ratio is used here.)
     */
    public static void connections(PluginViews views, PluginAlerts alerts) {
        JsonNode stats = views.stats();
        if (stats.path("nf_conntrack_enabled").asBoolean(false) && stats.has("nf_conntrack_percent")) {
            views.decorate("nf_conntrack_percent",
                    alerts.alert(stats.get("nf_conntrack_percent"), "nf_conntrack_percent"));
        }
    }
}
