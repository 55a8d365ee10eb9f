package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.IoCounters;
import io.fleetglance.proto.Process;
import io.fleetglance.proto.ProcessFacts;
import io.fleetglance.proto.ProcessTable;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCollectorTest {

    private static final long PAGE = 4096;

    @TempDir
    Path scratch;

    private static ProcessTable collect(ProcessCollector collector) {
        Sample.Builder sample = Sample.newBuilder();
        collector.collect(sample);
        return sample.getProcesses();
    }

    private static ProcessTable collect(HostRoot root) {
        return collect(new ProcessCollector(root));
    }

    private static Process process(ProcessTable table, int pid) {
        return table.getProcessesList().stream()
                .filter(p -> p.getPid() == pid)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no process " + pid + " in " + pids(table)));
    }

    private static List<Integer> pids(ProcessTable table) {
        return table.getProcessesList().stream().map(Process::getPid).toList();
    }

    private static List<Integer> pidsWithFacts(ProcessTable table) {
        return table.getProcessesList().stream().filter(Process::hasFacts).map(Process::getPid).toList();
    }

    @Test
    void readsTheTableFactsOfTheMachine() {
        ProcessTable table = collect(Fixtures.root(Fixtures.SERVER));

        assertEquals(4_194_304, table.getPidMax());
        assertEquals(100, table.getClockTicks());
        assertEquals(4096, table.getPageSize());
        assertEquals(65_843_212L * 1024, table.getMemTotal());
        assertFalse(table.hasExtended());
    }

    @Test
    void readsEveryProcessInPidOrder() {
        // 3000 vanished mid-read and 3100 has a broken stat: neither is listed.
        assertEquals(List.of(1, 2, 812, 1500, 2001, 2100, 2200), pids(collect(Fixtures.root(Fixtures.SERVER))));
    }

    @Test
    void readsStatStatmStatusAndIoOfAProcess() {
        Process postgres = process(collect(Fixtures.root(Fixtures.SERVER)), 1500);

        assertEquals(Process.newBuilder()
                .setPid(1500)
                .setStartTime(3456)
                .setPpid(1)
                .setName("postgres")
                .setState("S")
                .setNumThreads(1)
                .setNice(0)
                .setUtime(234567)
                .setStime(45678)
                .setCutime(1234)
                .setCstime(567)
                .setBlkioTicks(4321)
                // statm "1081344 262144 258048 2048 0 16384 0" in pages
                .setVms(1_081_344 * PAGE)
                .setRss(262_144 * PAGE)
                .setShared(258_048 * PAGE)
                .setText(2_048 * PAGE)
                .setLib(0)
                .setData(16_384 * PAGE)
                .setDirty(0)
                .setUidReal(113).setUidEffective(113).setUidSaved(113)
                .setGidReal(120).setGidEffective(120).setGidSaved(120)
                .setIo(IoCounters.newBuilder().setReadBytes(987_654_321_000L).setWriteBytes(123_456_789_000L))
                .setCpuNum(2)
                .setFacts(ProcessFacts.newBuilder()
                        .addAllCmdline(List.of("/usr/lib/postgresql/14/bin/postgres", "-D",
                                "/var/lib/postgresql/14/main"))
                        .setUsername("postgres"))
                .build(), postgres);
    }

    @Test
    void readsANameHoldingSpacesAndParentheses() {
        // stat: "812 (web (worker) 1) R 1 ...": the fields start after the last ')'.
        Process web = process(collect(Fixtures.root(Fixtures.SERVER)), 812);

        assertEquals("web (worker) 1", web.getName());
        assertEquals("R", web.getState());
        assertEquals(1, web.getPpid());
        assertEquals(45678, web.getUtime());
        assertEquals(12345, web.getStime());
        assertEquals(-5, web.getNice());
        assertEquals(8, web.getNumThreads());
        assertEquals(2345, web.getStartTime());
        assertEquals(6, web.getCpuNum());
        assertEquals(77, web.getBlkioTicks());
        assertEquals(List.of("/usr/bin/web", "--workers", "8"), web.getFacts().getCmdlineList());
        assertEquals("www-data", web.getFacts().getUsername());
    }

    @Test
    void listsAZombieWithNoMemoryAndNoCommandLine() {
        Process zombie = process(collect(Fixtures.root(Fixtures.SERVER)), 2001);

        assertEquals("Z", zombie.getState());
        assertEquals("defunct-job", zombie.getName());
        assertEquals(812, zombie.getPpid());
        assertEquals(0, zombie.getRss());
        assertEquals(0, zombie.getVms());
        assertEquals(List.of(), zombie.getFacts().getCmdlineList());
    }

    @Test
    void triesAnIoThatOpensButCannotBeReadAgainOnlyOnRefreshScans(@TempDir Path copyDir) throws Exception {
        // a directory opens and fails every read, as pid 1's io does for root under some kernels
        HostRoot copy = Fixtures.copy(Fixtures.DEBIAN_VM, copyDir);
        Path io = copy.resolve("/proc/3900/io");
        Path ioText = copyDir.resolve("io-3900");
        Files.move(io, ioText);
        Files.createDirectory(io);
        Path stat = copy.resolve("/proc/3900/stat");
        String ran = Files.readString(stat);
        ProcessCollector collector = new ProcessCollector(copy);
        for (int ticks = 1; ticks <= 3; ticks++) {
            // it runs at every scan, so every scan reads it whole
            ran = ran.replace(" 0 0 0 0 20 0 1 0 44028 ", " " + ticks + " 0 0 0 20 0 1 0 44028 ")
                    .replace(" " + (ticks - 1) + " 0 0 0 20 0 1 0 44028 ", " " + ticks + " 0 0 0 20 0 1 0 44028 ");
            Files.writeString(stat, ran);
            Process p = process(collect(collector), 3900);
            assertEquals(ticks, p.getUtime(), ran);
            assertFalse(p.hasIo());
        }
        // readable again: its next refresh scan opens it again
        Files.delete(io);
        Files.move(ioText, io);
        List<Boolean> hasIo = new ArrayList<>();
        for (int i = 0; i < ProcessCollector.REFRESH_SCANS; i++) {
            hasIo.add(process(collect(collector), 3900).hasIo());
        }
        assertTrue(hasIo.contains(true), hasIo.toString());
        assertTrue(hasIo.get(hasIo.size() - 1), hasIo.toString());
    }

    @Test
    void leavesIoUnsetWhenItCannotBeRead() {
        Process nginx = process(collect(Fixtures.root(Fixtures.SERVER)), 2100);

        assertFalse(nginx.hasIo());
        assertEquals(2048 * PAGE, nginx.getRss());
        // One rewritten argv string: psutil splits it on spaces.
        assertEquals(List.of("nginx:", "worker", "process"), nginx.getFacts().getCmdlineList());
    }

    @Test
    void namesAUserMissingFromPasswdByItsUid() {
        Process backup = process(collect(Fixtures.root(Fixtures.SERVER)), 2200);

        assertEquals(1001, backup.getUidReal());
        assertEquals("1001", backup.getFacts().getUsername());
        assertEquals("D", backup.getState());
        assertEquals(10, backup.getNice());
    }

    @Test
    void skipsProcessThatVanishedMidRead() {
        // proc/3000 has its stat but nothing else left: it exited while being read.
        assertFalse(pids(collect(Fixtures.root(Fixtures.SERVER))).contains(3000));
    }

    @Test
    void skipsProcessWhoseStatIsMalformed() {
        assertFalse(pids(collect(Fixtures.root(Fixtures.SERVER))).contains(3100));
    }

    @Test
    void readsRealProcessesOfTheCapturedVm() {
        ProcessTable table = collect(Fixtures.root(Fixtures.DEBIAN_VM));

        assertEquals(List.of(2, 14, 3898, 3900), pids(table));
        assertEquals(32768, table.getPidMax());
        assertEquals(24_684_096L * 1024, table.getMemTotal());

        Process kthreadd = process(table, 2);
        assertEquals("kthreadd", kthreadd.getName());
        assertEquals(0, kthreadd.getPpid());
        assertEquals(25, kthreadd.getStartTime());
        assertEquals(0, kthreadd.getRss());
        assertEquals(ProcessFacts.newBuilder().setUsername("root").build(), kthreadd.getFacts());

        Process ksoftirqd = process(table, 14);
        assertEquals("ksoftirqd/0", ksoftirqd.getName());
        assertEquals(1, ksoftirqd.getUtime());

        Process sleep = process(table, 3900);
        assertEquals("sleep", sleep.getName());
        assertEquals(44028, sleep.getStartTime());
        assertEquals(1, sleep.getCpuNum());
        // statm "730 434 407 5 0 89 0"
        assertEquals(434 * PAGE, sleep.getRss());
        assertEquals(730 * PAGE, sleep.getVms());
        assertEquals(407 * PAGE, sleep.getShared());
        assertEquals(5 * PAGE, sleep.getText());
        assertEquals(89 * PAGE, sleep.getData());
        assertEquals(65534, sleep.getUidEffective());
        assertEquals(65534, sleep.getGidSaved());
        assertEquals(IoCounters.newBuilder().setReadBytes(614_400).setWriteBytes(12_288).build(), sleep.getIo());
        assertEquals(ProcessFacts.newBuilder().addCmdline("sleep").addCmdline("3600").setUsername("nobody").build(),
                sleep.getFacts());
    }

    @Test
    void sendsFactsOncePerProcessUntilForgotten() {
        ProcessCollector collector = new ProcessCollector(Fixtures.root(Fixtures.SERVER));
        List<Integer> everyone = List.of(1, 2, 812, 1500, 2001, 2100, 2200);

        assertEquals(everyone, pidsWithFacts(collect(collector)));
        assertEquals(List.of(), pidsWithFacts(collect(collector)));

        collector.forgetSentFacts();
        assertEquals(everyone, pidsWithFacts(collect(collector)));
        assertEquals(List.of(), pidsWithFacts(collect(collector)));
    }

    @Test
    void sendsFactsAgainForAPidReusedWithANewStartTime() throws IOException {
        HostRoot root = Fixtures.copy(Fixtures.SERVER, scratch);
        ProcessCollector collector = new ProcessCollector(root);
        collect(collector);

        Path stat = root.resolve("/proc/2200/stat");
        Files.writeString(stat, Files.readString(stat).replace(" 6000 ", " 8000 "));
        Files.write(root.resolve("/proc/2200/cmdline"), "/usr/bin/other\0".getBytes());
        ProcessTable table = collect(collector);

        assertEquals(List.of(2200), pidsWithFacts(table));
        assertEquals(8000, process(table, 2200).getStartTime());
        assertEquals(List.of("/usr/bin/other"), process(table, 2200).getFacts().getCmdlineList());
    }

    @Test
    void splitsARewrittenCommandLineAsPsutilDoes() throws IOException {
        HostRoot root = Fixtures.copy(Fixtures.SERVER, scratch);
        Files.write(root.resolve("/proc/2200/cmdline"),
                "/usr/lib/chromium/chromium --type=zygote --no-zygote-sandbox\0".getBytes());
        ProcessTable table = collect(new ProcessCollector(root));

        assertEquals(List.of("/usr/lib/chromium/chromium", "--type=zygote", "--no-zygote-sandbox"),
                process(table, 2200).getFacts().getCmdlineList());
    }

    @Test
    void forgetsProcessesThatDisappeared() throws IOException {
        HostRoot root = Fixtures.copy(Fixtures.SERVER, scratch);
        ProcessCollector collector = new ProcessCollector(root);
        collect(collector);
        Path gone = scratch.resolve("gone-2100");
        Files.move(root.resolve("/proc/2100"), gone);
        assertFalse(pids(collect(collector)).contains(2100));

        // The same pid and start time again: the hub dropped it when it vanished, so its facts go out again.
        Files.move(gone, root.resolve("/proc/2100"));
        assertEquals(List.of(2100), pidsWithFacts(collect(collector)));
    }

    @Test
    void closesTheFilesOfProcessesThatEndedAndKeepsTheOthersOpen() throws IOException {
        HostRoot root = Fixtures.copy(Fixtures.SERVER, scratch);
        ProcessCollector collector = new ProcessCollector(root);
        int listed = pids(collect(collector)).size();
        assertEquals(listed, collector.openProcesses());

        // the first and the last pid of the listing end, and one in the middle: each walk of the last scan meets them
        for (int pid : List.of(1, 2100, 2200)) {
            Files.move(root.resolve("/proc/" + pid), scratch.resolve("gone-" + pid));
        }
        assertEquals(List.of(2, 812, 1500, 2001), pids(collect(collector)));
        assertEquals(listed - 3, collector.openProcesses());
        assertEquals(List.of(), pidsWithFacts(collect(collector)), "the others' facts went out already");

        // /proc cannot be listed for a scan: every file is closed, what was sent is still known
        Path proc = root.resolve("/proc");
        Files.move(proc, scratch.resolve("proc-away"));
        collect(collector);
        assertEquals(0, collector.openProcesses());
        Files.move(scratch.resolve("proc-away"), proc);
        assertEquals(List.of(), pidsWithFacts(collect(collector)));
        assertEquals(listed - 3, collector.openProcesses());
    }

    @Test
    void leavesTheTableAbsentWithoutProc() {
        Sample.Builder sample = Sample.newBuilder();
        new ProcessCollector(new HostRoot(scratch)).collect(sample);

        assertFalse(sample.hasProcesses());
    }

    @Test
    void ignoresProcEntriesThatAreNotPids() throws IOException {
        HostRoot root = Fixtures.copy(Fixtures.DEBIAN_VM, scratch);
        Files.createDirectories(root.resolve("/proc/self"));
        Files.createDirectories(root.resolve("/proc/12ab"));
        Files.createDirectories(root.resolve("/proc/99999999999"));

        assertEquals(List.of(2, 14, 3898, 3900), pids(collect(root)));
    }

    @Test
    void readsEachProcesssIdsAgainOnlyOnItsRefreshScan(@TempDir Path copyDir) throws Exception {
        HostRoot copy = Fixtures.copy("debian-vm-2cpu", copyDir);
        Path status = copy.resolve("/proc/3900/status");
        ProcessCollector collector = new ProcessCollector(copy);
        Sample.Builder first = Sample.newBuilder();
        collector.collect(first);
        assertEquals(65534, uidOf(first, 3900));

        // the process "calls setuid": its status now says uid 1000
        Files.writeString(status, Files.readString(status).replace("Uid:\t65534\t65534\t65534\t65534",
                "Uid:\t1000\t1000\t1000\t1000"));
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < ProcessCollector.REFRESH_SCANS; i++) {
            Sample.Builder next = Sample.newBuilder();
            collector.collect(next);
            seen.add(uidOf(next, 3900));
        }
        // one of the next REFRESH_SCANS scans reads status again; from then on the new uid shows
        int changedAt = seen.indexOf(1000);
        assertTrue(changedAt >= 0, "the new uid arrives within " + ProcessCollector.REFRESH_SCANS + " scans: " + seen);
        assertTrue(seen.subList(0, changedAt).stream().allMatch(u -> u == 65534), seen.toString());
        assertTrue(seen.subList(changedAt, seen.size()).stream().allMatch(u -> u == 1000), seen.toString());
    }

    @Test
    void readsOnlyTheStatOfAProcessThatDidNotRunUntilItsRefreshScan(@TempDir Path copyDir) throws Exception {
        HostRoot copy = Fixtures.copy("debian-vm-2cpu", copyDir);
        Path stat = copy.resolve("/proc/3900/stat");
        Path statm = copy.resolve("/proc/3900/statm");
        Path io = copy.resolve("/proc/3900/io");
        // as captured: stat says 379 resident pages where statm says 434, as a kernel that keeps the counters per
        // CPU does for a process that does not run (stat sums them roughly, statm exactly)
        assertTrue(Files.readString(stat).contains(" 2990080 379 "));
        assertTrue(Files.readString(statm).startsWith("730 434 "));
        ProcessCollector collector = new ProcessCollector(copy);
        Process first = process(collect(collector), 3900);
        assertEquals(89 * PAGE, first.getData());
        assertEquals(614400, first.getIo().getReadBytes());

        // its data segment and io counters "move" while its cpu ticks, resident set and size stay: it is not read
        // again until its refresh scan, when both show at once
        Files.writeString(statm, "730 434 407 5 0 90 0\n");
        Files.writeString(io, Files.readString(io).replace("read_bytes: 614400", "read_bytes: 618496"));
        List<Long> data = new ArrayList<>();
        List<Long> reads = new ArrayList<>();
        for (int i = 0; i < ProcessCollector.REFRESH_SCANS; i++) {
            Process p = process(collect(collector), 3900);
            data.add(p.getData());
            reads.add(p.getIo().getReadBytes());
            assertEquals(434 * PAGE, p.getRss(), "the resident set is statm's, as psutil's, in every scan");
            assertEquals(2990080, p.getVms());
        }
        int at = data.indexOf(90 * PAGE);
        assertTrue(at >= 0, "read again within " + ProcessCollector.REFRESH_SCANS + " scans: " + data);
        // its refresh scan, staggered by pid (the first scan above was scan 0), and not one scan before
        assertEquals((2 * ProcessCollector.REFRESH_SCANS - (3900 + 1) % ProcessCollector.REFRESH_SCANS)
                % ProcessCollector.REFRESH_SCANS, at, data.toString());
        assertTrue(data.subList(0, at).stream().allMatch(d -> d == 89 * PAGE), data.toString());
        assertTrue(data.subList(at, data.size()).stream().allMatch(d -> d == 90 * PAGE), data.toString());
        assertEquals(at, reads.indexOf(618496L), "io read in the same scan: " + reads);

        // once it runs (one more cpu tick), the very next scan reads everything again
        Files.writeString(io, Files.readString(io).replace("read_bytes: 618496", "read_bytes: 622592"));
        Files.writeString(stat, Files.readString(stat).replace(" 4 0 0 0 0 0 20 ", " 4 0 3 0 0 0 20 "));
        assertEquals(622592, process(collect(collector), 3900).getIo().getReadBytes());
        // and once its memory changes, too
        Files.writeString(statm, "731 440 407 5 0 91 0\n");
        Files.writeString(stat, Files.readString(stat).replace(" 2990080 379 ", " 2994176 385 "));
        Process grown = process(collect(collector), 3900);
        assertEquals(91 * PAGE, grown.getData());
        assertEquals(440 * PAGE, grown.getRss());
        // and once stat's resident set alone moves (same size, same ticks)
        Files.writeString(statm, "731 445 407 5 0 91 0\n");
        Files.writeString(stat, Files.readString(stat).replace(" 2994176 385 ", " 2994176 386 "));
        assertEquals(445 * PAGE, process(collect(collector), 3900).getRss());
        // a name and a state are read from stat in every scan, even where they are the only change
        Files.writeString(stat, Files.readString(stat).replace("(sleep) S ", "(sleep -x) D "));
        Process renamed = process(collect(collector), 3900);
        assertEquals("sleep -x", renamed.getName());
        assertEquals("D", renamed.getState());
        Files.writeString(stat, Files.readString(stat).replace("(sleep -x) D ", "(sl\u00e9ep) S "));
        assertEquals("sl\u00e9ep", process(collect(collector), 3900).getName());
    }

    /** A copy of the Debian VM whose {@code /proc} is this JVM's own as far as the collector can tell. */
    private static HostRoot ownProc(Path copyDir) throws IOException {
        HostRoot copy = Fixtures.copy(Fixtures.DEBIAN_VM, copyDir);
        Path self = copy.resolve("/proc/self");
        try (var files = Files.list(self)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(self);
        Files.createSymbolicLink(self, Path.of(Long.toString(ProcessHandle.current().pid())));
        return copy;
    }

    /** Makes process {@code pid} appear in {@code copy}, a copy of {@code /proc/3900} (a sleep) under another pid. */
    private static void spawn(HostRoot copy, int pid) throws IOException {
        Path dir = Files.createDirectories(copy.resolve("/proc/" + pid));
        try (var files = Files.list(copy.resolve("/proc/3900"))) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        Path stat = dir.resolve("stat");
        Files.writeString(stat, Files.readString(stat).replace("3900 (sleep)", pid + " (sleep)"));
    }

    @Test
    void listsProcOnlyWhenTheNewestPidMovedOrEveryRefreshScans(@TempDir Path copyDir) throws Exception {
        HostRoot copy = ownProc(copyDir);
        Path loadavg = copy.resolve("/proc/loadavg");
        ProcessCollector collector = new ProcessCollector(copy);
        assertEquals(List.of(2, 14, 3898, 3900), pids(collect(collector)));

        // a process appears but the newest pid (3924) stays: the scans read the processes they know, until the
        // scan that lists /proc anyway, every REFRESH_SCANS
        spawn(copy, 4000);
        for (int scan = 1; scan < ProcessCollector.REFRESH_SCANS; scan++) {
            assertEquals(List.of(2, 14, 3898, 3900), pids(collect(collector)), "scan " + scan);
        }
        assertEquals(List.of(2, 14, 3898, 3900, 4000), pids(collect(collector)));

        // the newest pid moves: the next scan lists /proc and meets the new process
        spawn(copy, 4001);
        Files.writeString(loadavg, "0.15 0.28 0.15 2/85 4001\n");
        assertEquals(List.of(2, 14, 3898, 3900, 4000, 4001), pids(collect(collector)));

        // a process that ends drops out at once, listing or not: the stat kept open fails to read (here it reads
        // nothing, the file being a copy's), and the directory is gone
        Files.writeString(copy.resolve("/proc/3898/stat"), "");
        Files.move(copy.resolve("/proc/3898"), copyDir.resolve("gone-3898"));
        assertEquals(List.of(2, 14, 3900, 4000, 4001), pids(collect(collector)));
        spawn(copy, 4002);
        assertEquals(List.of(2, 14, 3900, 4000, 4001), pids(collect(collector)), "the newest pid did not move");

        // a loadavg that cannot be parsed: /proc is listed
        Files.writeString(loadavg, "0.15 0.28 0.15 2/85 40x2\n");
        assertEquals(List.of(2, 14, 3900, 4000, 4001, 4002), pids(collect(collector)));
    }

    @Test
    void listsProcAtEveryScanWhenItIsNotTheAgentsOwn(@TempDir Path copyDir) throws Exception {
        // the fixture's self is not this JVM: its loadavg would give the newest pid of another pid namespace
        HostRoot copy = Fixtures.copy(Fixtures.DEBIAN_VM, copyDir);
        ProcessCollector collector = new ProcessCollector(copy);
        assertEquals(List.of(2, 14, 3898, 3900), pids(collect(collector)));
        spawn(copy, 4000);
        assertEquals(List.of(2, 14, 3898, 3900, 4000), pids(collect(collector)));

        Files.delete(copy.resolve("/proc/self/mounts"));
        Files.delete(copy.resolve("/proc/self"));
        Files.createSymbolicLink(copy.resolve("/proc/self"), Path.of("1"));
        ProcessCollector other = new ProcessCollector(copy);
        collect(other);
        spawn(copy, 4001);
        assertTrue(pids(collect(other)).contains(4001));
    }

    @Test
    void seesAProcessStartedAndEndedBetweenTwoScansOfTheRealProc() throws Exception {
        ProcessCollector collector = new ProcessCollector(HostRoot.system());
        collect(collector);
        collect(collector); // scan 1: one that lists /proc only if a pid was given since scan 0
        java.lang.Process child = new ProcessBuilder("sleep", "30").start();
        try {
            assertTrue(pids(collect(collector)).contains((int) child.pid()), "scan 2 meets the new process");
        } finally {
            child.destroy();
            child.waitFor();
        }
        assertFalse(pids(collect(collector)).contains((int) child.pid()), "scan 3 no longer lists it");
    }

    @Test
    void refreshesAProcessOfOneThreadOnlyWhenItsSchedstatShowsItRan(@TempDir Path copyDir) throws Exception {
        HostRoot copy = Fixtures.copy(Fixtures.DEBIAN_VM, copyDir);
        Path schedstat = copy.resolve("/proc/3900/schedstat");
        Path statm = copy.resolve("/proc/3900/statm");
        Path status = copy.resolve("/proc/3900/status");
        Files.writeString(schedstat, "1843211 60215 4\n");
        ProcessCollector collector = new ProcessCollector(copy);
        collect(collector);
        // its first refresh scan reads every file and notes its time on a CPU
        Files.writeString(statm, "730 434 407 5 0 90 0\n");
        List<Long> data = new ArrayList<>();
        for (int i = 0; i < ProcessCollector.REFRESH_SCANS; i++) {
            data.add(process(collect(collector), 3900).getData());
        }
        assertTrue(data.contains(90 * PAGE), data.toString());

        // its data and ids "move", its schedstat does not: it did not run, so no refresh scan reads them
        Files.writeString(statm, "730 434 407 5 0 91 0\n");
        Files.writeString(status, Files.readString(status).replace("Uid:\t65534\t65534\t65534\t65534",
                "Uid:\t1000\t1000\t1000\t1000"));
        for (int i = 0; i < 2 * ProcessCollector.REFRESH_SCANS; i++) {
            Process p = process(collect(collector), 3900);
            assertEquals(90 * PAGE, p.getData(), "scan " + i);
            assertEquals(65534, p.getUidReal(), "scan " + i);
        }

        // it ran for 20 us, less than a cpu tick (stat is the same): its next refresh scan reads everything
        Files.writeString(schedstat, "1863211 60215 5\n");
        data.clear();
        for (int i = 0; i < ProcessCollector.REFRESH_SCANS; i++) {
            data.add(process(collect(collector), 3900).getData());
        }
        int at = data.indexOf(91 * PAGE);
        assertTrue(at >= 0, data.toString());
        assertTrue(data.subList(0, at).stream().allMatch(d -> d == 90 * PAGE), data.toString());
        assertTrue(data.subList(at, data.size()).stream().allMatch(d -> d == 91 * PAGE), data.toString());
        assertEquals(1000, process(collect(collector), 3900).getUidReal());

        // a kernel that keeps no such time writes 0 0 0: every refresh scan reads everything again
        Files.writeString(schedstat, "0 0 0\n");
        Files.writeString(statm, "730 434 407 5 0 92 0\n");
        data.clear();
        for (int i = 0; i < ProcessCollector.REFRESH_SCANS; i++) {
            data.add(process(collect(collector), 3900).getData());
        }
        assertEquals(92 * PAGE, data.get(data.size() - 1), data.toString());
    }

    @Test
    void refreshesAProcessOfSeveralThreadsWhateverItsSchedstatSays(@TempDir Path copyDir) throws Exception {
        // schedstat is then its first thread's alone: another thread may have run
        HostRoot copy = Fixtures.copy(Fixtures.DEBIAN_VM, copyDir);
        Path stat = copy.resolve("/proc/3900/stat");
        Files.writeString(stat, Files.readString(stat).replace(" 20 0 1 0 44028 ", " 20 0 3 0 44028 "));
        Files.writeString(copy.resolve("/proc/3900/schedstat"), "1843211 60215 4\n");
        Path statm = copy.resolve("/proc/3900/statm");
        ProcessCollector collector = new ProcessCollector(copy);
        assertEquals(3, process(collect(collector), 3900).getNumThreads());
        for (int data = 90; data < 93; data++) {
            Files.writeString(statm, "730 434 407 5 0 " + data + " 0\n");
            List<Long> seen = new ArrayList<>();
            for (int i = 0; i < ProcessCollector.REFRESH_SCANS; i++) {
                seen.add(process(collect(collector), 3900).getData());
            }
            assertEquals(data * PAGE, seen.get(seen.size() - 1), "every refresh scan reads statm: " + seen);
        }
    }

    private static int uidOf(Sample.Builder sample, int pid) {
        return sample.getProcesses().getProcessesList().stream().filter(p -> p.getPid() == pid).findFirst()
                .orElseThrow().getUidReal();
    }
}
