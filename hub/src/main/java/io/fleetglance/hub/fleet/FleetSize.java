package io.fleetglance.hub.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many hosts the hub knows, kept in {@code <state>/hub/fleet-size} for whatever starts the hub next: the
 * launcher, the image and the unit size the hub's JVM from it ({@code packaging/hub-heap}: its heap bound, {@link
 * #heapMiBFor}, and up to {@link #SMALL_FLEET_HOSTS} hosts a small hub's collector and compiler), as these must be
 * given before the JVM starts. A hub whose fleet outgrows its heap, or the small hub's flags, says so, once each, with
 * what to do.
 */
public final class FleetSize {

    private static final Logger log = LoggerFactory.getLogger(FleetSize.class);

    /** The file's name, in the hub's own state directory. */
    public static final String FILE = "fleet-size";
    /** What a hub needs besides its hosts (classes, code, buffers, the store's caches), and its smallest heap. */
    static final long BASE_MIB = 256;
    static final long MIN_HEAP_MIB = 1024;
    /**
     * Heap per host with Glances' full history: about 0.4 MiB live (measured at 1,000 hosts), twice that so that
     * the collector has room to work.
     */
    static final double MIB_PER_HOST = 0.8;
    /** The largest fleet that {@code packaging/hub-heap} gives a small hub's JVM flags (serial collector, C1). */
    public static final int SMALL_FLEET_HOSTS = 100;
    /** The system property by which {@code packaging/hub-heap} tells the hub that it chose a small hub's flags. */
    public static final String JVM_PROPERTY = "fleetglance.jvm";

    private final Path file;
    private final long maxHeapMiB;
    private final boolean smallFleetJvm;
    private int written = -1;
    private boolean warned;
    private boolean warnedSmall;

    /**
     * @param hubStateDir   the hub's own state directory ({@code <state>/hub})
     * @param maxHeapMiB    the heap this hub was given ({@code Runtime.maxMemory()})
     * @param smallFleetJvm whether it runs with the small hub's flags {@code packaging/hub-heap} chose
     *                      ({@link #smallFleetJvm()})
     */
    public FleetSize(Path hubStateDir, long maxHeapMiB, boolean smallFleetJvm) {
        this.file = hubStateDir.resolve(FILE);
        this.maxHeapMiB = maxHeapMiB;
        this.smallFleetJvm = smallFleetJvm;
    }

    /** Whether this JVM runs with the small hub's flags that {@code packaging/hub-heap} chose for a small fleet. */
    public static boolean smallFleetJvm() {
        return "small-fleet".equals(System.getProperty(JVM_PROPERTY));
    }

    /** The heap, in MiB, that {@code hosts} hosts' state and history need: what {@code packaging/hub-heap} gives. */
    public static long heapMiBFor(int hosts) {
        return Math.max(MIN_HEAP_MIB, BASE_MIB + (long) Math.ceil(hosts * MIB_PER_HOST));
    }

    /**
     * Records that the hub knows {@code hosts} hosts (written only when that changed), and warns once when they need
     * more heap than this hub has. A file that cannot be written is logged, never fatal: the next start then sizes the
     * heap as for a new hub.
     */
    public synchronized void record(int hosts) {
        if (!warned && heapMiBFor(hosts) > maxHeapMiB && hosts > 0) {
            warned = true;
            log.warn("the hub now knows {} hosts, whose history needs about {} MiB of heap, and has {} MiB: restart it "
                    + "to size its heap for its fleet (done from {}), or give --max-heap", hosts,
                    heapMiBFor(hosts), maxHeapMiB, file);
        }
        if (!warnedSmall && smallFleetJvm && hosts > SMALL_FLEET_HOSTS) {
            warnedSmall = true;
            log.warn("the hub now knows {} hosts and runs with a small fleet's JVM flags (serial collector, C1 "
                    + "compiler, for up to {} hosts): restart it to run it with a large fleet's (done from {})", hosts,
                    SMALL_FLEET_HOSTS, file);
        }
        if (hosts == written) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.writeString(tmp, hosts + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            written = hosts;
        } catch (IOException e) {
            if (written != -2) {
                log.warn("cannot write {} ({}): the hub's next start sizes its heap as for a new hub", file,
                        e.getMessage());
            }
            written = -2;
        }
    }
}
