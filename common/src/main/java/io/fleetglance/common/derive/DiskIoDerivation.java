package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.Disk;
import io.fleetglance.proto.Sample;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code diskio} plugin: one element per disk of {@code /proc/diskstats}, its counts, bytes and times as Glances
 * rate fields (matched by disk name), and the mean latency of the period: {@code int(time_rate / count_rate)} ms per
 * operation, 0 without operations. A disk seen for the first time carries its raw counters, no rate and no latency.
 *
 * <p>{@code [diskio]}: {@code hide} (shipped: {@code loop.*,/dev/loop.*}, which is how Glances leaves loop devices
 * out) and {@code show} regex lists, {@code alias} (the field is present only for a disk that has one, as in
 * Glances). RAM disks ({@code ram*}) are skipped unless {@code show_ramfs=true}, the setting of Glances'
 * {@code --diskio-show-ramfs}. The counters of hidden disks are followed too, so a disk shown after a configuration
 * change has rates at once.
 */
public final class DiskIoDerivation implements PluginDerivation {

    static final String SECTION = "diskio";

    private DisplayRules rules;
    private boolean showRamfs;
    private final PreviousCounters<Map<String, Long>> previous = new PreviousCounters<>();
    private final CopiedFields copied;

    public DiskIoDerivation(PluginSpec spec) {
        copied = CopiedFields.of(spec, Disk.getDescriptor());
        configure(GlancesConfig.empty());
    }

    @Override
    public String plugin() {
        return SECTION;
    }

    @Override
    public void configure(GlancesConfig config) {
        rules = DisplayRules.of(config, SECTION, "loop.*,/dev/loop.*");
        showRamfs = config.getBoolean(SECTION, "show_ramfs", false);
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (!sample.hasDiskio()) {
            return Optional.empty();
        }
        double seconds = previous.startSample(sample.getMonoTimeNs());
        ArrayNode stats = JsonNodeFactory.instance.arrayNode();
        for (Disk disk : sample.getDiskio().getDisksList()) {
            Map<String, Long> counters = counters(disk);
            Map<String, Long> before = previous.exchange(disk.getName(), counters);
            if ((!showRamfs && disk.getName().startsWith("ram")) || !rules.shows(disk.getName())) {
                continue;
            }
            ObjectNode element = stats.addObject();
            counters.forEach((field, value) -> element.set(field, JsonNumbers.integer(value)));
            element.put("key", "disk_name");
            element.put("disk_name", disk.getName());
            rules.alias(disk.getName()).ifPresent(alias -> element.put("alias", alias));
            CounterRates.apply(element, counters, before, seconds);
            if (before != null) {
                element.set("read_latency", latency(element, "read"));
                element.set("write_latency", latency(element, "write"));
            }
            copied.complete(element, disk);
        }
        previous.endSample(sample.getMonoTimeNs());
        return Optional.of(stats);
    }

    private static Map<String, Long> counters(Disk disk) {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("read_count", disk.getReadCount());
        counters.put("write_count", disk.getWriteCount());
        counters.put("read_bytes", disk.getReadBytes());
        counters.put("write_bytes", disk.getWriteBytes());
        counters.put("read_time", disk.getReadTimeMs());
        counters.put("write_time", disk.getWriteTimeMs());
        return counters;
    }

    /** Milliseconds per operation over the period, truncated as Python's {@code int()}; 0 without operations. */
    private static JsonNode latency(ObjectNode element, String direction) {
        double ops = element.get(direction + "_count_rate_per_sec").doubleValue();
        if (ops <= 0) {
            return IntNode.valueOf(0);
        }
        return JsonNumbers.integer((long) (element.get(direction + "_time_rate_per_sec").doubleValue() / ops));
    }
}
