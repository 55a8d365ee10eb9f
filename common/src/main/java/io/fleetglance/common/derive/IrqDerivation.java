package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.proto.IrqLine;
import io.fleetglance.proto.Sample;
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
        List<IrqLine> lines = sample.getIrq().getLinesList();
        long[] rates = new long[lines.size()];
        for (int i = 0; i < rates.length; i++) {
            IrqLine line = lines.get(i);
            Long before = previous.exchange(line.getIrqLine(), line.getTotal());
            if (before != null && line.getTotal() >= before && seconds > 0) {
                rates[i] = (long) PythonFloats.floorDiv(line.getTotal() - before, seconds);
            }
        }
        // the TOP highest rates, the first listed first among equal ones (a stable sort's order); only they are built
        ArrayNode stats = JsonNodeFactory.instance.arrayNode();
        boolean[] taken = new boolean[rates.length];
        for (int k = 0; k < Math.min(TOP, rates.length); k++) {
            int best = -1;
            for (int i = 0; i < rates.length; i++) {
                if (!taken[i] && (best < 0 || rates[i] > rates[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            ObjectNode element = JsonNodeFactory.instance.objectNode();
            element.put("irq_line", lines.get(best).getIrqLine());
            element.set("irq_rate", JsonNumbers.integer(rates[best]));
            element.put("key", "irq_line");
            element.set("time_since_update", sinceUpdate);
            stats.add(copied.complete(element, lines.get(best)));
        }
        previous.endSample(sample.getMonoTimeNs());
        return Optional.of(stats);
    }
}
