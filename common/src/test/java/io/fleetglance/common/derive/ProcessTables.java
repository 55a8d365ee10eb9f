package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.sampleAt;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.proto.CoreReading;
import io.fleetglance.proto.IoCounters;
import io.fleetglance.proto.Process;
import io.fleetglance.proto.ProcessExtended;
import io.fleetglance.proto.ProcessFacts;
import io.fleetglance.proto.ProcessTable;
import java.util.List;
import java.util.Map;

/** Process tables as the agent sends them, for the processlist and programlist tests. */
final class ProcessTables {

    /** The memory of the reference VM (mem.json), for memory_percent. */
    static final long MEM_TOTAL = 25_325_268_992L;

    private ProcessTables() {
    }

    /** A sleeping root process with cpu times in ticks (USER_HZ 100) and 1 MiB resident; no facts, no io. */
    static Process.Builder process(int pid, long startTime, String name, long utime, long stime) {
        return Process.newBuilder().setPid(pid).setStartTime(startTime).setName(name).setState("S")
                .setNumThreads(1).setUtime(utime).setStime(stime).setRss(1_048_576).setVms(4_194_304);
    }

    static ProcessFacts facts(String username, String... cmdline) {
        return ProcessFacts.newBuilder().setUsername(username).addAllCmdline(List.of(cmdline)).build();
    }

    static IoCounters io(long read, long write) {
        return IoCounters.newBuilder().setReadBytes(read).setWriteBytes(write).build();
    }

    static ProcessTable table(Process.Builder... processes) {
        ProcessTable.Builder table = ProcessTable.newBuilder().setPidMax(4_194_304).setClockTicks(100)
                .setPageSize(4096).setMemTotal(MEM_TOTAL);
        for (Process.Builder process : processes) {
            table.addProcesses(process);
        }
        return table.build();
    }

    static ProcessTable withExtended(ProcessTable table, ProcessExtended extended) {
        return table.toBuilder().setExtended(extended).build();
    }

    /** Derives a sample taken {@code monoNs} into the agent's clock, on a 2-CPU host. */
    static Map<String, JsonNode> derive(HostDeriver deriver, long monoNs, ProcessTable table) {
        return deriver.derive(sampleAt(monoNs).setCore(CoreReading.newBuilder().setPhys(2).setLog(2))
                .setProcesses(table).build());
    }

    static JsonNode processlist(HostDeriver deriver, long monoNs, ProcessTable table) {
        return derive(deriver, monoNs, table).get("processlist");
    }

    static JsonNode programlist(HostDeriver deriver, long monoNs, ProcessTable table) {
        return derive(deriver, monoNs, table).get("programlist");
    }

    /** The element of {@code pid} in a process list. */
    static JsonNode pid(JsonNode processlist, int pid) {
        for (JsonNode process : processlist) {
            if (process.get("pid").intValue() == pid) {
                return process;
            }
        }
        throw new AssertionError("no process " + pid + " in " + processlist);
    }
}
