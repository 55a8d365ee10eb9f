package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fleetglance.proto.OsFacts;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemCollectorTest {

    @TempDir
    Path scratch;

    private static OsFacts collect(SystemCollector collector) {
        Sample.Builder sample = Sample.newBuilder();
        collector.collect(sample);
        return sample.getSystem().getOs();
    }

    @Test
    void readsTheFactsGlancesShowsForTheCapturedVm() {
        OsFacts os = collect(new SystemCollector(Fixtures.root(Fixtures.DEBIAN_VM), "amd64"));

        // The same shape as glances-samples/system.json (that capture ran on a later kernel build).
        assertEquals(OsFacts.newBuilder()
                .setOsName("Linux")
                .setHostname("vm")
                .setPlatform("64bit")
                .setOsVersion("6.18.44-fc-v595")
                .setLinuxDistro("Debian GNU/Linux 12")
                .setMachine("x86_64")
                .build(), os);
    }

    @Test
    void joinsNameAndVersionIdOfOsRelease() {
        OsFacts os = collect(new SystemCollector(Fixtures.root(Fixtures.SERVER), "aarch64"));

        assertEquals("Ubuntu 22.04", os.getLinuxDistro());
        assertEquals("db-01", os.getHostname());
        assertEquals("5.15.0-91-generic", os.getOsVersion());
        assertEquals("aarch64", os.getMachine());
        assertEquals("64bit", os.getPlatform());
    }

    @Test
    void namesA32BitJvmArchitecture() {
        OsFacts os = collect(new SystemCollector(Fixtures.root(Fixtures.SERVER), "x86"));

        assertEquals("32bit", os.getPlatform());
        assertEquals("i686", os.getMachine());
    }

    @Test
    void fallsBackToUsrLibOsRelease() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/usr/lib/os-release", "NAME='Arch Linux'\nID=arch\n");

        // A rolling release has no VERSION_ID: the name alone, as Glances shows it.
        assertEquals("Arch Linux", collect(new SystemCollector(root, "amd64")).getLinuxDistro());
    }

    @Test
    void unquotesEscapedOsReleaseValues() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/etc/os-release", "NAME=\"Acme \\\"Edge\\\" OS\"\nVERSION_ID=7\n");

        assertEquals("Acme \"Edge\" OS 7", collect(new SystemCollector(root, "amd64")).getLinuxDistro());
    }

    @Test
    void rereadsTheHostnameButNotTheKernelRelease() throws IOException {
        HostRoot root = Fixtures.copy(Fixtures.SERVER, scratch);
        SystemCollector collector = new SystemCollector(root, "amd64");
        collect(collector);

        Files.writeString(root.resolve("/proc/sys/kernel/hostname"), "db-02\n");
        Files.writeString(root.resolve("/proc/sys/kernel/osrelease"), "6.1.0-1-amd64\n");
        OsFacts os = collect(collector);

        assertEquals("db-02", os.getHostname());
        assertEquals("5.15.0-91-generic", os.getOsVersion());
    }

    @Test
    void givesEmptyFactsForWhatCannotBeRead() {
        OsFacts os = collect(new SystemCollector(new HostRoot(scratch), "amd64"));

        assertEquals("Linux", os.getOsName());
        assertEquals("", os.getHostname());
        assertEquals("", os.getOsVersion());
        assertEquals("", os.getLinuxDistro());
    }
}
