package io.fleetglance.agent.collect;

import io.fleetglance.proto.Folder;
import io.fleetglance.proto.FoldersReading;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The folders plugin: the size of each {@code [folders]} {@code folder_N_path} (N from 1 to 10, as Glances), scanned
 * recursively by a background thread every {@code folder_N_refresh} seconds (30 by default; never more often than
 * {@code [folders] refresh}). The size is the sum of the sizes of everything that is not a directory; symbolic links
 * are not followed (a link counts its own size). A scan that cannot read part of the tree still reports what it
 * read, with the errno of the first error (13 for a directory it may not read, 2 for a path that does not exist).
 * A folder appears in the readings once its first scan is done.
 */
public final class FoldersCollector implements Collector, AutoCloseable {

    static final double DEFAULT_REFRESH = 30;
    private static final int MAX_FOLDERS = 10;

    /** The size and first error of one scan. */
    record Size(long bytes, int errno) {
    }

    private static final class Scans {
        final List<Folder> folders;
        final AtomicReferenceArray<Size> sizes;
        final ScheduledThreadPoolExecutor thread;

        Scans(List<Folder> folders, ScheduledThreadPoolExecutor thread) {
            this.folders = folders;
            this.sizes = new AtomicReferenceArray<>(folders.size());
            this.thread = thread;
        }
    }

    private final HostRoot root;
    private volatile Scans scans = new Scans(List.of(), null);

    /** A collector measuring folders of the machine under {@code root}. */
    public FoldersCollector(HostRoot root) {
        this.root = root;
    }

    @Override
    public List<String> plugins() {
        return List.of("folders");
    }

    @Override
    public boolean keepsOwnTimers() {
        return true;
    }

    @Override
    public synchronized void configure(Map<String, Map<String, String>> sections) {
        GlancesSection section = GlancesSection.of(sections, "folders");
        List<Folder> folders = section.isTrue("disable") ? List.of() : folders(section);
        if (scans.thread != null) {
            scans.thread.shutdownNow();
        }
        if (folders.isEmpty()) {
            scans = new Scans(folders, null);
            return;
        }
        ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "fleetglance-folders");
            t.setDaemon(true);
            return t;
        });
        Scans fresh = new Scans(folders, thread);
        scans = fresh;
        double pluginRefresh = section.number("refresh", 0);
        for (int i = 0; i < folders.size(); i++) {
            int index = i;
            long everyMs = Math.max(1000, Math.round(Math.max(folders.get(i).getRefresh(), pluginRefresh) * 1000));
            Path path = root.resolve(folders.get(i).getPath());
            thread.scheduleWithFixedDelay(() -> fresh.sizes.set(index, sizeOf(path)), 0, everyMs,
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void collect(Sample.Builder sample) {
        Scans current = scans;
        FoldersReading.Builder reading = FoldersReading.newBuilder();
        for (int i = 0; i < current.folders.size(); i++) {
            Size size = current.sizes.get(i);
            if (size != null) {
                reading.addFolders(current.folders.get(i).toBuilder().setSize(size.bytes()).setErrno(size.errno()));
            }
        }
        sample.setFolders(reading);
    }

    private static List<Folder> folders(GlancesSection section) {
        List<Folder> folders = new ArrayList<>();
        for (int n = 1; n <= MAX_FOLDERS; n++) {
            String prefix = "folder_" + n + "_";
            String path = section.get(prefix + "path").orElse(null);
            if (path == null || path.isEmpty()) {
                continue;
            }
            Folder.Builder folder = Folder.newBuilder().setIndice(Integer.toString(n)).setPath(path)
                    .setRefresh(Math.floor(section.number(prefix + "refresh", DEFAULT_REFRESH)));
            section.number(prefix + "careful").ifPresent(folder::setCareful);
            section.number(prefix + "warning").ifPresent(folder::setWarning);
            section.number(prefix + "critical").ifPresent(folder::setCritical);
            folders.add(folder.build());
        }
        return folders;
    }

    /** The size of the tree at {@code path}, not following links, with the errno of the first error met. */
    static Size sizeOf(Path path) {
        long[] total = {0};
        int[] errno = {0};
        walk(path, total, errno);
        return new Size(total[0], errno[0]);
    }

    private static void walk(Path dir, long[] total, int[] errno) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    noteError(errno, e);
                    continue;
                }
                if (attributes.isDirectory()) {
                    walk(entry, total, errno);
                } else {
                    total[0] += attributes.size();
                }
            }
        } catch (IOException | SecurityException e) {
            // The directory cannot be listed: it adds nothing, as in Glances' folder_size.
            noteError(errno, e);
        }
    }

    private static void noteError(int[] errno, Exception e) {
        if (errno[0] == 0) {
            errno[0] = errno(e);
        }
    }

    /** The errno a failed call stands for; Java names the common ones by exception type. */
    static int errno(Exception e) {
        if (e instanceof AccessDeniedException || e instanceof SecurityException) {
            return 13;
        }
        if (e instanceof NoSuchFileException) {
            return 2;
        }
        if (e instanceof NotDirectoryException) {
            return 20;
        }
        String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : "";
        if (reason.contains("Permission denied")) {
            return 13;
        }
        if (reason.contains("Operation not permitted")) {
            return 1;
        }
        if (reason.contains("Too many open files")) {
            return 24;
        }
        return 5;
    }

    @Override
    public synchronized void close() {
        if (scans.thread != null) {
            scans.thread.shutdownNow();
        }
    }
}
