package io.fleetglance.agent.collect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

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
     * The state of {@code name} on the machine under {@code root}, with the speed and MTU of {@code previous} (read
     * earlier of the same interface, or null) when the link is up or down as it was then: both change with a link
     * going down and up again (a renegotiation, a new cable), seldom otherwise, and are two more files to read per
     * interface.
     */
    static LinkState read(HostRoot root, String name, LinkState previous) {
        if (name.isEmpty() || name.contains("/")) {
            return ABSENT;
        }
        Path dir = root.resolve("/sys/class/net/" + name);
        Optional<String> operstate = ProcText.firstLine(dir.resolve("operstate"));
        if (operstate.isEmpty() && !Files.isDirectory(dir)) {
            return ABSENT;
        }
        boolean up = isRunning(dir, operstate);
        if (previous != null && previous.present() && previous.up() == up) {
            return previous;
        }
        return new LinkState(true, up, positive(dir.resolve("speed")), positive(dir.resolve("mtu")));
    }

    /** Whether {@code name} is up and running, as {@link #up()} of its state, reading only what that needs. */
    static boolean isUp(HostRoot root, String name) {
        if (name.isEmpty() || name.contains("/")) {
            return false;
        }
        Path dir = root.resolve("/sys/class/net/" + name);
        return isRunning(dir, ProcText.firstLine(dir.resolve("operstate")));
    }

    /**
     * psutil asks SIOCGIFFLAGS for IFF_RUNNING, which sysfs's {@code flags} never shows: the kernel computes it as
     * "IFF_UP and operstate up or unknown" (dev_get_flags), so that is what is tested here. A link without carrier
     * reads "down" or "lowerlayerdown"; a driver that does not track its state (lo, tun) reads "unknown" and counts as
     * running, as it does for the kernel.
     */
    private static boolean isRunning(Path dir, Optional<String> operstate) {
        if (operstate.isEmpty() || !(operstate.get().equals("up") || operstate.get().equals("unknown"))) {
            return false;
        }
        OptionalLong flags = ProcText.firstLine(dir.resolve("flags")).map(LinkState::hex).orElse(OptionalLong.empty());
        // Without a readable flags file the operstate alone decides: an administratively down link reads "down".
        return flags.isEmpty() || (flags.getAsLong() & IFF_UP) != 0;
    }

    /** A positive decimal that fits an int; a missing file, -1 (speed unknown) or an unreadable value give 0. */
    private static int positive(Path file) {
        OptionalLong value = ProcText.firstLine(file).map(ProcText::unsigned).orElse(OptionalLong.empty());
        return value.isPresent() && value.getAsLong() <= Integer.MAX_VALUE ? (int) value.getAsLong() : 0;
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
