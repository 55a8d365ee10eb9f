package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.proto.Process;
import io.fleetglance.proto.ProcessTable;
import io.fleetglance.proto.Sample;
import java.util.Optional;

/**
 * The {@code processcount} plugin. Glances counts psutil statuses: "running" is state R and "sleeping" state S only;
 * idle kernel threads (I), disk sleep (D), zombies and stopped processes count in {@code total} alone.
 * {@code pid_max} is the host's real limit, where Glances always serves 0.
 */
public final class ProcessCountDerivation implements PluginDerivation {

    private final CopiedFields copied;

    public ProcessCountDerivation(PluginSpec spec) {
        copied = CopiedFields.of(spec, ProcessTable.getDescriptor());
    }

    @Override
    public String plugin() {
        return "processcount";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (!sample.hasProcesses()) {
            return Optional.empty();
        }
        ProcessTable table = sample.getProcesses();
        long running = 0;
        long sleeping = 0;
        long threads = 0;
        for (Process process : table.getProcessesList()) {
            if ("R".equals(process.getState())) {
                running++;
            } else if ("S".equals(process.getState())) {
                sleeping++;
            }
            threads += process.getNumThreads();
        }
        ObjectNode stats = JsonNodeFactory.instance.objectNode();
        stats.set("total", JsonNumbers.integer(table.getProcessesCount()));
        stats.set("running", JsonNumbers.integer(running));
        stats.set("sleeping", JsonNumbers.integer(sleeping));
        stats.set("thread", JsonNumbers.integer(threads));
        stats.set("pid_max", JsonNumbers.integer(Integer.toUnsignedLong(table.getPidMax())));
        return Optional.of(copied.complete(stats, table));
    }
}
