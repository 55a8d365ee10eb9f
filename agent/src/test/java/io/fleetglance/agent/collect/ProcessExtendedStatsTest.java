package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fleetglance.proto.ProcessExtended;
import io.fleetglance.proto.ProcessTable;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extended stats of one process, which {@link ProcessCollector} adds while the hub asks for them. */
class ProcessExtendedStatsTest {

    @TempDir
    Path scratch;

    private HostRoot root;

    /**
     * The server with postgres (1500) holding fds: stdin/out/err, a pipe, and four sockets. In its net tables, 41001
     * and 41002 are tcp, 41003 is tcp6 and 41004 is udp; 52001 and 9001 are other processes' sockets.
     */
    @BeforeEach
    void openFdsOfPostgres() throws IOException {
        root = Fixtures.copy(Fixtures.SERVER, scratch.resolve("server"));
        Path fd = Files.createDirectories(root.resolve("/proc/1500/fd"));
        String[] targets = {"/dev/null", "/dev/null", "/dev/null", "pipe:[7001]",
            "socket:[41001]", "socket:[41002]", "socket:[41003]", "socket:[41004]"};
        for (int n = 0; n < targets.length; n++) {
            Files.createSymbolicLink(fd.resolve(Integer.toString(n)), Path.of(targets[n]));
        }
    }

    private static ProcessTable collect(ProcessCollector collector) {
        Sample.Builder sample = Sample.newBuilder();
        collector.collect(sample);
        return sample.getProcesses();
    }

    @Test
    void readsExtendedStatsOfTheChosenProcess() {
        ProcessCollector collector = new ProcessCollector(root);
        collector.setExtendedPid(1500);

        assertEquals(ProcessExtended.newBuilder()
                .setPid(1500)
                .setStartTime(3456)
                .setNumFds(8)
                .setCtxVoluntary(456_789)
                .setCtxInvoluntary(1_234)
                // Cpus_allowed_list "0-3,6"
                .addAllCpuAffinity(List.of(0, 1, 2, 3, 6))
                // VmSwap 204800 kB
                .setMemorySwap(204_800L * 1024)
                .setTcp(3)
                .setUdp(1)
                .build(), collect(collector).getExtended());
    }

    @Test
    void keepsSendingExtendedStatsUntilTurnedOff() {
        ProcessCollector collector = new ProcessCollector(root);
        collector.setExtendedPid(1500);
        collect(collector);
        assertEquals(1500, collect(collector).getExtended().getPid());

        collector.setExtendedPid(0);
        assertFalse(collect(collector).hasExtended());
    }

    @Test
    void leavesExtendedAbsentWhileTheProcessDoesNotExist() {
        ProcessCollector collector = new ProcessCollector(root);
        collector.setExtendedPid(4242);

        ProcessTable table = collect(collector);

        assertFalse(table.hasExtended());
        assertEquals(7, table.getProcessesCount());
    }

    @Test
    void countsNoFdsWhenTheFdDirectoryCannotBeRead() {
        // The server's nginx (2100) has no fd directory in the fixture, as for a process of another user.
        ProcessCollector collector = new ProcessCollector(root);
        collector.setExtendedPid(2100);

        ProcessExtended nginx = collect(collector).getExtended();

        assertEquals(2100, nginx.getPid());
        assertEquals(0, nginx.getNumFds());
        assertEquals(0, nginx.getTcp());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), nginx.getCpuAffinityList());
    }

    @Test
    void readsExtendedStatsOfACapturedKernelThread() {
        ProcessCollector collector = new ProcessCollector(Fixtures.root(Fixtures.DEBIAN_VM));
        collector.setExtendedPid(14);

        ProcessExtended ksoftirqd = collect(collector).getExtended();

        assertEquals(445, ksoftirqd.getCtxVoluntary());
        assertEquals(68, ksoftirqd.getCtxInvoluntary());
        assertEquals(List.of(0), ksoftirqd.getCpuAffinityList());
        assertEquals(0, ksoftirqd.getMemorySwap());
    }

    @Test
    void refusesANegativePid() {
        assertThrows(IllegalArgumentException.class, () -> new ProcessCollector(root).setExtendedPid(-1));
    }

    @Test
    void expandsKernelCpuLists() {
        assertEquals(List.of(0, 2, 3, 4, 8), ExtendedStatsReader.cpuList("0,2-4,8"));
        assertEquals(List.of(5), ExtendedStatsReader.cpuList("5"));
        assertEquals(List.of(0, 1), ExtendedStatsReader.cpuList("0-1,x,3"));
    }
}
