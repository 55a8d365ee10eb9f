package io.fleetglance.agent.collect;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * A value derived from what changes only with the set of CPUs online (the core topology, the cpufreq policies):
 * derived again when {@code /sys/devices/system/cpu/online} reads differently, and after {@link #REFRESH_USES} uses
 * in any case (a cpufreq driver loaded later adds policies without changing it); derived at every use where that
 * file cannot be read. Reading it is one small file, where deriving lists directories and reads a file per CPU.
 */
final class OnlineCpus<T> {

    /** Uses of a value before it is derived again anyway. */
    static final int REFRESH_USES = 60;

    private final KeptOpenFile onlineFile;
    private final Supplier<T> derive;
    private String online;
    private T value;
    private int uses;

    OnlineCpus(HostRoot root, Supplier<T> derive) {
        this.onlineFile = new KeptOpenFile(root.resolve("/sys/devices/system/cpu/online"));
        this.derive = derive;
    }

    T get() {
        Optional<String> now = onlineFile.read();
        if (now.isEmpty()) {
            online = null;
            return derive.get();
        }
        if (!now.get().equals(online) || ++uses >= REFRESH_USES) {
            value = derive.get();
            online = now.get();
            uses = 0;
        }
        return value;
    }
}
