package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CollectorSetTest {

    @Test
    void coversEachPluginOnceAndTheProcessScanLast() {
        CollectorSet collectors = CollectorSet.standard(Fixtures.root(Fixtures.SERVER));

        List<String> plugins = collectors.all().stream().flatMap(c -> c.plugins().stream()).toList();
        assertEquals(List.of("cpu", "percpu", "load", "mem", "memswap", "core", "uptime", "now", "system",
                "network", "diskio", "fs", "sensors", "wifi", "raid", "irq", "connections", "ip", "quicklook", "gpu",
                "smart", "containers", "ports", "folders", "amps", "vms", "cloud", "processcount", "processlist",
                "programlist"), plugins);
        assertSame(collectors.processes(), collectors.all().get(collectors.all().size() - 1));
        assertTrue(collectors.all().contains(collectors.system()));
        assertTrue(collectors.all().contains(collectors.smart()));
        assertFalse(collectors.smart().enabled(), "smart is off by default, as in Glances");
        assertThrows(UnsupportedOperationException.class, () -> collectors.all().clear());
    }

    @Test
    void fillsEveryReadingOfAFixtureMachine() throws IOException {
        CollectorSet collectors = CollectorSet.standard(Fixtures.root(Fixtures.SERVER));
        Sample.Builder sample = Sample.newBuilder();
        for (Collector collector : collectors.all()) {
            collector.collect(sample);
        }

        assertTrue(sample.hasCpu() && sample.hasPercpu() && sample.hasCore() && sample.hasLoad() && sample.hasMem()
                && sample.hasMemswap() && sample.hasSystem() && sample.hasUptime() && sample.hasNow()
                && sample.hasProcesses());
        assertEquals("db-01", sample.getSystem().getOs().getHostname());
        assertEquals(7, sample.getProcesses().getProcessesCount());
        // The fixture machine runs no container engine.
        assertTrue(sample.hasContainers());
        assertFalse(sample.getContainers().getEngineReachable());
        // Nothing configured: the applications' plugins report empty lists, as Glances does.
        assertEquals(0, sample.getPorts().getChecksCount());
        assertEquals(0, sample.getFolders().getFoldersCount());
        assertEquals(0, sample.getAmps().getAmpsCount());
        // Off unless configured, as in Glances' shipped configuration.
        assertFalse(sample.hasVms());
        assertFalse(sample.hasCloud());
    }

    @Test
    void handsConfigurationToTheCollectorsThatReadIt() throws IOException {
        CollectorSet collectors = CollectorSet.standard(Fixtures.root(Fixtures.SERVER));
        collectors.configure(Set.of(), Map.of("containers", Map.of("disable", "True")));
        Sample.Builder sample = Sample.newBuilder();
        for (Collector collector : collectors.all()) {
            collector.collect(sample);
        }

        assertFalse(sample.hasContainers());
        assertTrue(collectors.smart().enabled(), "a configuration that does not disable smart turns it on");
        collectors.configure(Set.of("smart"), Map.of());
        assertFalse(collectors.smart().enabled());
    }

    @Test
    void fillsTheHardwareReadingsOfTheWorkstation() throws IOException {
        Sample.Builder sample = Sample.newBuilder();
        for (Collector collector : CollectorSet.standard(Fixtures.root(Fixtures.WORKSTATION)).all()) {
            collector.collect(sample);
        }

        assertEquals(14, sample.getSensors().getSensorsCount());
        assertEquals(1, sample.getWifi().getInterfacesCount());
        assertEquals(2, sample.getRaid().getArraysCount());
        assertTrue(sample.getConnections().getNetConnectionsEnabled());
        assertEquals("amd0", sample.getGpu().getGpus(sample.getGpu().getGpusCount() - 1).getGpuId());
        assertEquals(4, sample.getCpuinfo().getCpuLogCore());
        assertFalse(sample.hasSmart());
        assertFalse(sample.hasNetwork(), "the workstation fixture has no /proc/net/dev");
    }
}
