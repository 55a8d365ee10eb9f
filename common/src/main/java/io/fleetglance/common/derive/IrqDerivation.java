package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.proto.IrqLine;
import io.fleetglance.proto.Sample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@code irq} plugin: the five interrupt lines with the highest rate, {@code irq_line, irq_rate, key,
 * time_since_update}. Ties keep the order of {@code /proc/interrupts}.
 *
 * <p>{@code irq_rate} is a true per-second rate, {@code int(delta // seconds)}: Glances' operator precedence makes it
 * the raw delta since the previous read, whatever the interval, which its description ("IRQ rate per second") does
 * not mean. A line seen for the first time, or whose counter went backwards, has rate 0. {@code time_since_update}
 * is the int 1 on the first reading, as Glances' first {@code getTimeSinceLastUpdate}.
 */
public final class IrqDerivation implements PluginDerivation {

    private final CopiedFields copied;

    public IrqDerivation(PluginSpec spec) {
        copied = CopiedFields.of(spec, IrqLine.getDescriptor());
    }

    private static final int TOP = 5;

    private final PreviousCounters<Long> previous = new PreviousCounters<>();

    @Override
    public String plugin() {
        return "irq";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (!sample.hasIrq()) {
            return Optional.empty();
        }
        double seconds = previous.startSample(sample.getMonoTimeNs());
        JsonNode sinceUpdate = previous.firstSample() ? IntNode.valueOf(1) : JsonNumbers.real(Math.max(0.0, seconds));
        List<ObjectNode> lines = new ArrayList<>();
        for (IrqLine line : sample.getIrq().getLinesList()) {
            Long before = previous.exchange(line.getIrqLine(), line.getTotal());
            long rate = 0;
            if (before != null && line.getTotal() >= before && seconds > 0) {
                rate = (long) PythonFloats.floorDiv(line.getTotal() - before, seconds);
            }
            ObjectNode element = JsonNodeFactory.instance.objectNode();
            element.put("irq_line", line.getIrqLine());
            element.set("irq_rate", JsonNumbers.integer(rate));
            element.put("key", "irq_line");
            element.set("time_since_update", sinceUpdate);
            lines.add(copied.complete(element, line));
        }
        lines.sort(Comparator.comparingLong((ObjectNode e) -> e.get("irq_rate").longValue()).reversed());
        ArrayNode stats = JsonNodeFactory.instance.arrayNode();
        lines.stream().limit(TOP).forEach(stats::add);
        previous.endSample(sample.getMonoTimeNs());
        return Optional.of(stats);
    }
}
