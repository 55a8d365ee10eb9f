package io.fleetglance.agent.collect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * What {@code /sys/class/net/<interface>} says about a link: whether it is there, up, its speed and MTU.
 *
 * @param present   the interface has a sysfs directory (psutil's {@code net_if_stats} knows it)
 * @param up        up and running, as psutil's {@code isup} ({@code IFF_UP} and {@code IFF_RUNNING})
 * @param speedMbps the link speed in Mbps, 0 when unknown
 * @param mtu       the MTU, 0 when unknown
 */
record LinkState(boolean present, boolean up, int speedMbps, int mtu) {

    private static final LinkState ABSENT = new LinkState(false, false, 0, 0);
    private static final long IFF_UP = 0x1;

    /**
     * The state of the interface whose sysfs files are {@code link} (null for a name no interface can have), with the
     * speed and MTU of {@code previous} (read earlier of the same interface, or null) when the link is up or down as
     * it was then: both change with a link going down and up again (a renegotiation, a new cable), seldom otherwise,
     * and are two more files to read per interface.
     */
    static LinkState read(Sysfs link, LinkState previous) {
        if (link == null) {
            return ABSENT;
        }
        Optional<String> operstate = link.operstate();
        if (operstate.isEmpty() && !Files.isDirectory(link.dir)) {
            return ABSENT;
        }
        boolean up = isRunning(operstate, link::flags);
        if (previous != null && previous.present() && previous.up() == up) {
            return previous;
        }
        return new LinkState(true, up, positive(link.dir.resolve("speed")), positive(link.dir.resolve("mtu")));
    }

    /** Whether {@code name} is up and running, as {@link #up()} of its state, reading only what that needs. */
    static boolean isUp(HostRoot root, String name) {
        if (name.isEmpty() || name.contains("/")) {
            return false;
        }
        Path dir = root.resolve("/sys/class/net/" + name);
        return isRunning(ProcText.firstLine(dir.resolve("operstate")), () -> ProcText.firstLine(dir.resolve("flags")));
    }

    /**
     * psutil asks SIOCGIFFLAGS for IFF_RUNNING, which sysfs's {@code flags} never shows: the kernel computes it as
     * "IFF_UP and operstate up or unknown" (dev_get_flags), so that is what is tested here, reading {@code flags}
     * only then. A link without carrier reads "down" or "lowerlayerdown"; a driver that does not track its state (lo,
     * tun) reads "unknown" and counts as running, as it does for the kernel.
     */
    private static boolean isRunning(Optional<String> operstate, Supplier<Optional<String>> flagsFile) {
        if (operstate.isEmpty() || !(operstate.get().equals("up") || operstate.get().equals("unknown"))) {
            return false;
        }
        OptionalLong flags = flagsFile.get().map(LinkState::hex).orElse(OptionalLong.empty());
        // Without a readable flags file the operstate alone decides: an administratively down link reads "down".
        return flags.isEmpty() || (flags.getAsLong() & IFF_UP) != 0;
    }

    /** A positive decimal that fits an int; a missing file, -1 (speed unknown) or an unreadable value give 0. */
    private static int positive(Path file) {
        OptionalLong value = ProcText.firstLine(file).map(ProcText::unsigned).orElse(OptionalLong.empty());
        return value.isPresent() && value.getAsLong() <= Integer.MAX_VALUE ? (int) value.getAsLong() : 0;
    }

    /**
     * The directory of an interface in {@code /sys/class/net}, with the two files read at every sample
     * ({@code operstate}, {@code flags}) kept open from one sample to the next ({@link KeptOpenFile}): half the cost
     * or less of opening them by path, which a host with many interfaces (a container host's veths) feels. A kept file
     * that fails (its interface deleted, perhaps made again under the same name) is read once more by its path, so
     * that the sample has the new interface's state.
     */
    static final class Sysfs {
        private final Path dir;
        private final boolean kernel;
        private final KeptOpenFile operstate;
        private final KeptOpenFile flags;

        private Sysfs(Path dir, boolean kernel) {
            this.dir = dir;
            this.kernel = kernel;
            this.operstate = new KeptOpenFile(dir.resolve("operstate"), 64, kernel);
            this.flags = new KeptOpenFile(dir.resolve("flags"), 64, kernel);
        }

        /**
         * The files of {@code name} on the machine under {@code root}, or null for a name no interface can have;
         * {@code kernel}: whether {@code /sys/class/net} there is the kernel's sysfs (otherwise they are read by path).
         */
        static Sysfs of(HostRoot root, String name, boolean kernel) {
            return name.isEmpty() || name.contains("/") ? null
                    : new Sysfs(root.resolve("/sys/class/net/" + name), kernel);
        }

        Optional<String> operstate() {
            return firstLine(operstate);
        }

        Optional<String> flags() {
            return firstLine(flags);
        }

        private Optional<String> firstLine(KeptOpenFile file) {
            Optional<String> line = file.firstLine();
            return line.isPresent() || !kernel ? line : ProcText.firstLine(file.path());
        }

        /** Closes the kept files (the interface is gone, or their refresh is due); a later read opens them again. */
        void close() {
            operstate.close();
            flags.close();
        }
    }

    private static OptionalLong hex(String text) {
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        try {
            return OptionalLong.of(Long.parseLong(digits, 16));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
