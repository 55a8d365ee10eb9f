package io.fleetglance.agent.collect;

import java.util.Map;

/** A collector whose work depends on glances.conf sections (what to check, scan or match). */
public interface ConfigurableCollector extends Collector {

    /**
     * Takes the sections in force (section name → key → raw value as written), at start and whenever the hub's
     * configuration changes; may be called between samples from another thread.
     */
    void configure(Map<String, Map<String, String>> sections);
}
