package io.fleetglance.agent.collect;

import io.fleetglance.proto.LoadReading;
import io.fleetglance.proto.Sample;
import java.util.List;

/** Reads the 1, 5 and 15 minute load averages of {@code /proc/loadavg} for the load plugin. */
public final class LoadCollector implements Collector {

    private final KeptOpenFile loadavg;

    /** A collector reading {@code /proc/loadavg} under {@code root}. */
    public LoadCollector(HostRoot root) {
        this.loadavg = new KeptOpenFile(root.resolve("/proc/loadavg"));
    }

    @Override
    public List<String> plugins() {
        return List.of("load");
    }

    @Override
    public void collect(Sample.Builder sample) {
        loadavg.firstLine().ifPresent(line -> {
            List<String> columns = ProcText.columns(line);
            if (columns.size() < 3) {
                return;
            }
            double[] averages = new double[3];
            for (int i = 0; i < 3; i++) {
                averages[i] = ProcText.decimal(columns.get(i));
                if (Double.isNaN(averages[i])) {
                    return;
                }
            }
            sample.setLoad(LoadReading.newBuilder()
                    .setMin1(averages[0])
                    .setMin5(averages[1])
                    .setMin15(averages[2]));
        });
    }
}
