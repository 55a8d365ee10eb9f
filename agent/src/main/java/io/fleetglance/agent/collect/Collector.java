package io.fleetglance.agent.collect;

import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.util.List;

/** Reads one part of the machine (one plugin, or a family of plugins that share one read) into a sample. */
public interface Collector {

    /** The Glances plugins this collector's reading serves, e.g. {@code ["cpu", "percpu"]}. */
    List<String> plugins();

    /**
     * Fills this collector's readings into {@code sample}. A reading that cannot be taken (no such file, no
     * permission, no hardware) is left out of the sample, or written empty, rather than invented.
     */
    void collect(Sample.Builder sample) throws IOException;
}
