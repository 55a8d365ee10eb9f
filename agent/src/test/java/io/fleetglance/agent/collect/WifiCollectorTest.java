package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.Sample;
import io.fleetglance.proto.WifiInterface;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WifiCollectorTest {

    @TempDir
    Path scratch;

    private static List<WifiInterface> collect(HostRoot root) {
        Sample.Builder sample = Sample.newBuilder();
        new WifiCollector(root).collect(sample);
        assertTrue(sample.hasWifi());
        return sample.getWifi().getInterfacesList();
    }

    @Test
    void readsLinkLevelAndNoiseDroppingTheUpdateDots() {
        assertEquals(List.of(WifiInterface.newBuilder()
                        .setName("wlan0").setQualityLink(54).setQualityLevel(-56).setNoise(-256).build()),
                collect(Fixtures.root(Fixtures.WORKSTATION)));
    }

    @Test
    void readsEveryWirelessInterfaceAndSkipsGarbledLines() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/net/wireless", String.join("\n",
                "Inter-| sta-|   Quality        |   Discarded packets               | Missed | WE",
                " face | tus | link level noise |  nwid  crypt   frag  retry   misc | beacon | 22",
                "wlp2s0: 0000   70.  -40.  -256        0      0      0      0      0        0",
                "wlp3s0: 0000   31   -79   -95         0      0      0      0      0        0",
                "broken: 0000   x.   -79   -95         0      0      0      0      0        0",
                ""));

        List<WifiInterface> links = collect(root);

        assertEquals(List.of("wlp2s0", "wlp3s0"), links.stream().map(WifiInterface::getName).toList());
        assertEquals(31, links.get(1).getQualityLink());
        assertEquals(-79, links.get(1).getQualityLevel());
        assertEquals(-95, links.get(1).getNoise());
    }

    @Test
    void givesAnEmptyReadingWithoutWireless() {
        assertEquals(List.of(), collect(Fixtures.root(Fixtures.DEBIAN_VM)));
    }
}
