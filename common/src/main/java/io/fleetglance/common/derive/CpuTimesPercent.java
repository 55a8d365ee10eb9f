package io.fleetglance.common.derive;

import io.fleetglance.proto.CpuTimes;

/**
 * CPU time shares between two readings of {@code /proc/stat} ticks, computed as psutil's {@code cpu_times_percent}
 * and {@code cpu_percent} compute them on Linux: per-field deltas (never negative), a total that leaves out guest and
 * guest_nice (already counted in user and nice), each share rounded to one decimal and kept within 0..100.
 *
 * <p>psutil works on seconds (ticks / USER_HZ); the shares are ratios, so working on the integer ticks gives the same
 * numbers, exactly, and keeps psutil's {@code max(1, total)} guard meaning "no tick elapsed" as it intends.
 */
record CpuTimesPercent(double user, double nice, double system, double idle, double iowait, double irq,
                       double softirq, double steal, double guest, double guestNice) {

    /**
     * The shares of each field between two readings; with no previous reading, the shares since boot.
     */
    static CpuTimesPercent between(CpuTimes previous, CpuTimes current) {
        long[] delta = deltas(previous, current);
        double scale = 100.0 / Math.max(1, total(delta));
        return new CpuTimesPercent(share(delta[0], scale), share(delta[1], scale), share(delta[2], scale),
                share(delta[3], scale), share(delta[4], scale), share(delta[5], scale), share(delta[6], scale),
                share(delta[7], scale), share(delta[8], scale), share(delta[9], scale));
    }

    /** The busy share (everything but idle and iowait), psutil's {@code cpu_percent}; 0.0 when no tick elapsed. */
    static double busyPercent(CpuTimes previous, CpuTimes current) {
        long[] delta = deltas(previous, current);
        long all = total(delta);
        if (all <= 0) {
            return 0.0;
        }
        long busy = all - delta[3] - delta[4];
        double percent = PythonFloats.round(((double) busy / all) * 100, 1);
        return Math.min(Math.max(0.0, percent), 100.0);
    }

    /** Whether the ticks went backwards since the previous reading, as they do when the host reboots. */
    static boolean restarted(CpuTimes previous, CpuTimes current) {
        return previous != null && sum(ticks(current)) < sum(ticks(previous));
    }

    private static double share(long delta, double scale) {
        double percent = PythonFloats.round(delta * scale, 1);
        return Math.min(Math.max(0.0, percent), 100.0);
    }

    private static long[] deltas(CpuTimes previous, CpuTimes current) {
        long[] now = ticks(current);
        long[] before = previous == null ? new long[now.length] : ticks(previous);
        long[] delta = new long[now.length];
        for (int i = 0; i < now.length; i++) {
            delta[i] = Math.max(0, now[i] - before[i]);
        }
        return delta;
    }

    private static long total(long[] delta) {
        return sum(delta) - delta[8] - delta[9];
    }

    private static long sum(long[] values) {
        long sum = 0;
        for (long value : values) {
            sum += value;
        }
        return sum;
    }

    private static long[] ticks(CpuTimes t) {
        return new long[] {t.getUser(), t.getNice(), t.getSystem(), t.getIdle(), t.getIowait(), t.getIrq(),
            t.getSoftirq(), t.getSteal(), t.getGuest(), t.getGuestNice()};
    }
}
