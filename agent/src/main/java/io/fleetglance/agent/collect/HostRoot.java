package io.fleetglance.agent.collect;

import java.nio.file.Path;

/**
 * The file-system root collectors read the machine through: {@code /} on a real host, a fixture tree in tests, or the
 * host's file system mounted into a container ({@code /host}).
 */
public record HostRoot(Path root) {

    /** The real machine's root. */
    public static HostRoot system() {
        return new HostRoot(Path.of("/"));
    }

    /** The path of an absolute machine path such as {@code /proc/stat} under this root. */
    public Path resolve(String absolutePath) {
        String relative = absolutePath.startsWith("/") ? absolutePath.substring(1) : absolutePath;
        return root.resolve(relative);
    }
}
