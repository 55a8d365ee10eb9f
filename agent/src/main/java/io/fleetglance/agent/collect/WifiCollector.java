package io.fleetglance.agent.collect;

import io.fleetglance.proto.Sample;
import io.fleetglance.proto.WifiInterface;
import io.fleetglance.proto.WifiReading;
import java.util.List;
import java.util.Optional;

/**
 * Reads the link quality, signal level and noise of each wireless interface in {@code /proc/net/wireless} for the wifi
 * plugin. A machine without wireless (no such file) gets an empty reading, as Glances answers {@code []}.
 */
public final class WifiCollector implements Collector {

    private final KeptOpenFile wirelessFile;

    /** A collector reading {@code /proc/net/wireless} under {@code root}. */
    public WifiCollector(HostRoot root) {
        this.wirelessFile = new KeptOpenFile(root.resolve("/proc/net/wireless"));
    }

    @Override
    public List<String> plugins() {
        return List.of("wifi");
    }

    @Override
    public void collect(Sample.Builder sample) {
        WifiReading.Builder reading = WifiReading.newBuilder();
        Optional<String> wireless = wirelessFile.read();
        if (wireless.isPresent()) {
            List<String> lines = ProcText.lines(wireless.get());
            // Two header lines, then "wlan0: 0000   54.  -56.  -256  ..." (status, link, level, noise, discards).
            for (int i = 2; i < lines.size(); i++) {
                WifiInterface link = link(lines.get(i));
                if (link != null) {
                    reading.addInterfaces(link);
                }
            }
        }
        sample.setWifi(reading);
    }

    private static WifiInterface link(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        List<String> columns = ProcText.columns(line.substring(colon + 1));
        if (columns.size() < 4) {
            return null;
        }
        // The kernel marks a value updated since the last read with a trailing '.'.
        Double link = value(columns.get(1));
        Double level = value(columns.get(2));
        Double noise = value(columns.get(3));
        if (link == null || level == null || noise == null) {
            return null;
        }
        return WifiInterface.newBuilder()
                .setName(line.substring(0, colon).trim())
                .setQualityLink(link)
                .setQualityLevel(level)
                .setNoise(noise)
                .build();
    }

    private static Double value(String column) {
        if (!column.matches("-?\\d+\\.?")) {
            return null;
        }
        return Double.parseDouble(column.endsWith(".") ? column.substring(0, column.length() - 1) : column);
    }
}
