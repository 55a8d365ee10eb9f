package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.proto.ProcessExtended;

/**
 * The extended stats of the one process the hub asked for ({@code POST /processes/extended/{pid}}): what the agent
 * read ({@code num_fds, ionice, num_ctx_switches, cpu_affinity, memory_swap, tcp, udp}) and the min/max/mean of its
 * cpu and memory percentages over the samples since it was chosen, as Glances keeps them, then
 * {@code extended_stats: true}.
 *
 * <p>{@code memory_swap}, {@code tcp} and {@code udp} are numbers: the agent reads VmSwap and counts the process's
 * sockets, where Glances (psutil's {@code memory_maps} and {@code connections}) often ends with null. {@code ionice}
 * is {@code {ioclass: 0, value: 0}} unless the agent can read it. The running figures restart when another process
 * is chosen, when the chosen one is replaced by a new process with the same pid, or after a sample without extended
 * stats (the choice was withdrawn).
 */
final class ExtendedProcessStats {

    private ProcessKey followed;
    private Running cpu;
    private Running memory;

    /** Forgets the running figures: no process is followed in this sample. */
    void reset() {
        followed = null;
    }

    /** Appends the extended fields of {@code extended}, the stats of the process {@code key}, to its element. */
    void append(ObjectNode process, ProcessKey key, ProcessExtended extended, double cpuPercent,
                double memoryPercent) {
        if (!key.equals(followed)) {
            followed = key;
            cpu = new Running();
            memory = new Running();
        }
        cpu.add(cpuPercent);
        memory.add(memoryPercent);

        process.set("num_fds", JsonNumbers.integer(Integer.toUnsignedLong(extended.getNumFds())));
        ObjectNode ionice = process.putObject("ionice");
        ionice.set("ioclass", JsonNumbers.integer(Integer.toUnsignedLong(extended.getIoniceClass())));
        ionice.set("value", JsonNumbers.integer(Integer.toUnsignedLong(extended.getIoniceValue())));
        ObjectNode switches = process.putObject("num_ctx_switches");
        switches.set("voluntary", JsonNumbers.integer(extended.getCtxVoluntary()));
        switches.set("involuntary", JsonNumbers.integer(extended.getCtxInvoluntary()));
        ArrayNode affinity = process.putArray("cpu_affinity");
        extended.getCpuAffinityList().forEach(
                cpuNumber -> affinity.add(JsonNumbers.integer(Integer.toUnsignedLong(cpuNumber))));
        process.set("memory_swap", JsonNumbers.integer(extended.getMemorySwap()));
        process.set("tcp", JsonNumbers.integer(Integer.toUnsignedLong(extended.getTcp())));
        process.set("udp", JsonNumbers.integer(Integer.toUnsignedLong(extended.getUdp())));
        cpu.writeTo(process, "cpu");
        memory.writeTo(process, "memory");
        process.put("extended_stats", true);
    }

    /** Glances' {@code <prefix>_min/_max/_mean_sum/_mean_counter/_mean} of one percentage. */
    private static final class Running {
        private double min;
        private double max;
        private double sum;
        private int counter;

        void add(double value) {
            if (counter == 0) {
                min = value;
                max = value;
                sum = value;
            } else {
                min = Math.min(value, min);
                max = Math.max(value, max);
                sum += value;
            }
            counter++;
        }

        void writeTo(ObjectNode process, String prefix) {
            process.put(prefix + "_min", min);
            process.put(prefix + "_max", max);
            process.put(prefix + "_mean_sum", sum);
            process.put(prefix + "_mean_counter", counter);
            process.put(prefix + "_mean", sum / counter);
        }
    }
}
