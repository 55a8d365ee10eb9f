package io.fleetglance.agent.collect;

import io.fleetglance.proto.Sample;
import io.fleetglance.proto.UptimeReading;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads the time since boot ({@code /proc/uptime}) and the boot time ({@code btime} of {@code /proc/stat}). */
public final class UptimeCollector implements Collector {

    private final KeptOpenFile uptimeFile;
    private final KeptOpenFile statFile;

    /** A collector reading {@code /proc/uptime} and {@code /proc/stat} under {@code root}. */
    public UptimeCollector(HostRoot root) {
        this.uptimeFile = new KeptOpenFile(root.resolve("/proc/uptime"));
        this.statFile = new KeptOpenFile(root.resolve("/proc/stat"));
    }

    @Override
    public List<String> plugins() {
        return List.of("uptime");
    }

    @Override
    public void collect(Sample.Builder sample) {
        UptimeReading.Builder uptime = UptimeReading.newBuilder();
        boolean read = false;
        Optional<String> line = uptimeFile.firstLine();
        if (line.isPresent()) {
            List<String> columns = ProcText.columns(line.get());
            double seconds = columns.isEmpty() ? Double.NaN : ProcText.decimal(columns.get(0));
            if (!Double.isNaN(seconds)) {
                uptime.setSeconds(seconds);
                read = true;
            }
        }
        Optional<String> stat = statFile.read();
        if (stat.isPresent()) {
            for (String statLine : ProcText.lines(stat.get())) {
                if (!statLine.startsWith("btime")) {
                    continue;
                }
                List<String> columns = ProcText.columns(statLine);
                if (columns.size() == 2 && columns.get(0).equals("btime")) {
                    OptionalLong bootTime = ProcText.unsigned(columns.get(1));
                    if (bootTime.isPresent()) {
                        uptime.setBootTimeS(bootTime.getAsLong());
                        read = true;
                    }
                }
            }
        }
        if (read) {
            sample.setUptime(uptime);
        }
    }
}
