package io.fleetglance.agent.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/** The machines of {@code src/test/resources/fixtures}, and scratch machines written by a test. */
final class Fixtures {

    /** Captured from a Debian 12 VM with 2 vCPU and no swap, the kind of machine the Glances samples come from. */
    static final String DEBIAN_VM = "debian-vm-2cpu";
    /** Written to mimic a 2-socket, 4-core, 8-thread server using swap, with awkward processes. */
    static final String SERVER = "server-8cpu-swap";
    /**
     * Written to mimic a workstation's hardware, absent from the VM: hwmon chips (acpitz, two NVMe drives, coretemp,
     * a Nuvoton super-I/O with fans), a laptop battery, a Wi-Fi link, md arrays, an AMD GPU, and recorded answers of
     * nvidia-smi and smartctl behind small scripts.
     */
    static final String WORKSTATION = "workstation-hw";
    /** A GPU server with one NVIDIA H200: the recorded answer of its nvidia-smi under load, behind a small script. */
    static final String H200_SERVER = "gpu-server-h200";

    private Fixtures() {
    }

    /** The root of a fixture machine, read in place from the test classpath. */
    static HostRoot root(String machine) {
        URL url = Fixtures.class.getResource("/fixtures/" + machine);
        if (url == null) {
            throw new IllegalArgumentException("no fixture machine named " + machine);
        }
        try {
            return new HostRoot(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A writable copy of a fixture machine under {@code target}, for tests that change the machine. */
    static HostRoot copy(String machine, Path target) throws IOException {
        Path source = root(machine).root();
        try (Stream<Path> files = Files.walk(source)) {
            files.forEach(file -> {
                Path copy = target.resolve(source.relativize(file).toString());
                try {
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(file, copy);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return new HostRoot(target);
    }

    /**
     * Makes the file at machine path {@code absolutePath} of a fixture copy executable (the build copies test
     * resources without their mode bits) and returns its real path.
     */
    static Path executable(HostRoot copy, String absolutePath) throws IOException {
        Path file = copy.resolve(absolutePath);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** Writes {@code text} at the machine path {@code absolutePath} (e.g. {@code /proc/stat}) under {@code root}. */
    static void write(HostRoot root, String absolutePath, String text) throws IOException {
        Path file = root.resolve(absolutePath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
