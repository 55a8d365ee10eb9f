package io.fleetglance.agent.collect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * psutil's reading of {@code /proc/<pid>/cmdline} ({@code _pslinux.Process.cmdline}), so that Glances' program names
 * and command lines come out the same. Arguments are NUL-separated with a trailing NUL; a process that rewrote its
 * argv (setproctitle, Chromium's children) may instead write one string with spaces: psutil then splits on spaces,
 * both when no trailing NUL is left and when a trailing NUL ends a single space-separated string.
 */
final class CommandLine {

    private CommandLine() {
    }

    /** The arguments of the first {@code length} bytes of {@code data}; empty for an empty file (zombies, kthreads). */
    static List<String> split(byte[] data, int length) {
        if (length == 0) {
            return List.of();
        }
        byte sep = data[length - 1] == 0 ? (byte) 0 : (byte) ' ';
        // psutil strips one trailing separator: the NUL, or a space when the line ends with one.
        int end = data[length - 1] == sep ? length - 1 : length;
        List<String> arguments = splitOn(data, end, sep);
        if (sep == 0 && arguments.size() == 1 && contains(data, end, (byte) ' ')) {
            arguments = splitOn(data, end, (byte) ' ');
        }
        return arguments;
    }

    private static List<String> splitOn(byte[] data, int end, byte sep) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < end; i++) {
            if (data[i] == sep) {
                parts.add(new String(data, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        parts.add(new String(data, start, end - start, StandardCharsets.UTF_8));
        return parts;
    }

    private static boolean contains(byte[] data, int end, byte wanted) {
        for (int i = 0; i < end; i++) {
            if (data[i] == wanted) {
                return true;
            }
        }
        return false;
    }
}
