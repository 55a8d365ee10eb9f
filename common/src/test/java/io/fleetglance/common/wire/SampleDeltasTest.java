package io.fleetglance.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.fleetglance.proto.CpuReading;
import io.fleetglance.proto.CpuTimes;
import io.fleetglance.proto.IoCounters;
import io.fleetglance.proto.LoadReading;
import io.fleetglance.proto.MemReading;
import io.fleetglance.proto.Process;
import io.fleetglance.proto.ProcessExtended;
import io.fleetglance.proto.ProcessFacts;
import io.fleetglance.proto.ProcessTable;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.SystemReading;
import io.fleetglance.proto.UptimeReading;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SampleDeltasTest {

    /** The Process fields a delta carries field by field (all but the identity and the delta's own list). */
    private static List<FieldDescriptor> processFields() {
        return Process.getDescriptor().getFields().stream()
                .filter(f -> f.getNumber() != Process.PID_FIELD_NUMBER
                        && f.getNumber() != Process.START_TIME_FIELD_NUMBER
                        && f.getNumber() != Process.CLEARED_FIELD_NUMBER)
                .toList();
    }

    /** A value of field {@code f} that is not its default, drawn from {@code random}. */
    private static Object someValue(FieldDescriptor f, Random random) {
        return switch (f.getJavaType()) {
            case INT -> 1 + random.nextInt(1_000);
            case LONG -> 1 + (random.nextLong() >>> 1);
            case STRING -> "s" + random.nextInt(1_000);
            case MESSAGE -> f.getMessageType().equals(IoCounters.getDescriptor())
                    ? IoCounters.newBuilder().setReadBytes(1 + random.nextInt(1 << 20))
                            .setWriteBytes(random.nextInt(3) == 0 ? 0 : random.nextInt(1 << 20)).build()
                    : ProcessFacts.newBuilder().addCmdline("/bin/x" + random.nextInt(9)).addCmdline("-v")
                            .setUsername("u" + random.nextInt(9)).build();
            default -> throw new IllegalStateException("a Process field of type " + f.getJavaType()
                    + " this test does not know: give it a value here");
        };
    }

    private static Process process(int pid, long start, Random random) {
        Process.Builder p = Process.newBuilder().setPid(pid).setStartTime(start);
        for (FieldDescriptor f : processFields()) {
            if (f.getNumber() != Process.FACTS_FIELD_NUMBER && random.nextInt(8) != 0) {
                p.setField(f, someValue(f, random));
            }
        }
        return p.build();
    }

    private static Sample sample(long seq, TreeMap<Integer, Process> processes, ProcessExtended extended,
            boolean withLoad, long busy) {
        Sample.Builder s = Sample.newBuilder().setSeq(seq).setWallTimeUs(1_700_000_000_000_000L + seq * 1_000_000)
                .setMonoTimeNs(seq * 1_000_000_000L).setDroppedSamples(seq / 10)
                .setCpu(CpuReading.newBuilder().setTimes(CpuTimes.newBuilder().setUser(100 + busy).setIdle(9000)))
                .setMem(MemReading.newBuilder().setTotal(8L << 30).setAvailable((4L << 30) + busy % 3))
                .setSystem(SystemReading.newBuilder())
                .setUptime(UptimeReading.newBuilder().setSeconds(1000 + seq));
        if (withLoad) {
            s.setLoad(LoadReading.newBuilder().setMin1(0.5).setMin5(0.25));
        }
        ProcessTable.Builder t = ProcessTable.newBuilder().setPidMax(4_194_304).setClockTicks(100).setPageSize(4096)
                .setMemTotal(8L << 30).addAllProcesses(processes.values());
        if (extended != null) {
            t.setExtended(extended);
        }
        return s.setProcesses(t).build();
    }

    /** Encodes every sample against the one before and rebuilds it as the hub does: each must come back equal. */
    private static List<Sample> roundTrip(List<Sample> samples) {
        List<Sample> deltas = new ArrayList<>();
        Sample sentBefore = null;
        Sample rebuiltBefore = null;
        for (Sample full : samples) {
            Sample delta = SampleDeltas.encode(sentBefore, full);
            Sample onWire = delta != null ? delta : full;
            Sample rebuilt = SampleDeltas.apply(rebuiltBefore, onWire);
            assertEquals(full, rebuilt, "sample " + full.getSeq() + " rebuilt from " + onWire);
            deltas.add(onWire);
            sentBefore = full;
            rebuiltBefore = rebuilt;
        }
        return deltas;
    }

    @Test
    void aLivingProcessTableIsRebuiltExactlyFromItsDeltas() {
        Random random = new Random(42);
        TreeMap<Integer, Process> processes = new TreeMap<>();
        long start = 1_000;
        for (int pid = 1; pid < 400; pid += 1 + random.nextInt(3)) {
            // facts go in the first sample only
            processes.put(pid, process(pid, start++, random).toBuilder()
                    .setFacts(ProcessFacts.newBuilder().addCmdline("/sbin/p" + pid).setUsername("root")).build());
        }
        List<Sample> samples = new ArrayList<>();
        List<FieldDescriptor> fields = processFields();
        for (long seq = 1; seq <= 300; seq++) {
            samples.add(sample(seq, processes, seq % 7 == 0 ? ProcessExtended.newBuilder().setPid(1)
                    .setNumFds((int) seq).build() : null, seq % 50 < 40, seq / 3));
            TreeMap<Integer, Process> next = new TreeMap<>();
            for (Process p : processes.values()) {
                Process.Builder b = p.toBuilder().clearFacts();
                if (random.nextInt(4) == 0) {
                    // a few fields move; some to zero or empty, as a zombie's memory or a cleared io
                    for (int k = 0; k < 3; k++) {
                        FieldDescriptor f = fields.get(random.nextInt(fields.size()));
                        if (f.getNumber() == Process.FACTS_FIELD_NUMBER) {
                            continue;
                        }
                        if (random.nextInt(5) == 0) {
                            b.clearField(f);
                        } else {
                            b.setField(f, someValue(f, random));
                        }
                    }
                }
                if (random.nextInt(60) != 0) {
                    next.put(p.getPid(), b.build());
                }
            }
            for (int k = random.nextInt(3); k > 0; k--) {
                int pid = 1 + random.nextInt(500); // sometimes a pid of a process that just ran: a reused pid
                next.put(pid, process(pid, start++, random).toBuilder()
                        .setFacts(ProcessFacts.newBuilder().addCmdline("new").setUsername("root")).build());
            }
            processes = next;
        }
        List<Sample> sent = roundTrip(samples);
        long whole = samples.stream().skip(1).mapToLong(Sample::getSerializedSize).sum();
        long deltas = sent.stream().skip(1).mapToLong(Sample::getSerializedSize).sum();
        assertTrue(sent.stream().skip(1).allMatch(s -> s.getBaseSeq() == s.getSeq() - 1), "every sample after the "
                + "first goes as a delta");
        assertTrue(deltas * 3 < whole, "deltas take " + deltas + " bytes where whole samples take " + whole);
    }

    @Test
    void everyFieldOfAProcessMovesToAnotherValueAndToItsDefault() {
        Random random = new Random(7);
        for (FieldDescriptor f : processFields()) {
            Process.Builder all = Process.newBuilder().setPid(10).setStartTime(5);
            for (FieldDescriptor g : processFields()) {
                if (g.getNumber() != Process.FACTS_FIELD_NUMBER) {
                    all.setField(g, someValue(g, random));
                }
            }
            Process before = all.build();
            Process other = before.toBuilder().setField(f, someValue(f, random)).build();
            Process cleared = before.toBuilder().clearField(f).build();
            List<Sample> samples = new ArrayList<>();
            long seq = 1;
            for (Process p : List.of(before, other, cleared, before, before)) {
                TreeMap<Integer, Process> one = new TreeMap<>();
                one.put(p.getPid(), p);
                samples.add(sample(seq++, one, null, true, 0));
            }
            List<Sample> sent = roundTrip(samples);
            assertEquals(0, sent.get(4).getProcesses().getProcessesCount(), "an unchanged process is left out");
            if (f.getNumber() != Process.FACTS_FIELD_NUMBER) {
                assertEquals(List.of(f.getNumber()), sent.get(2).getProcesses().getProcesses(0).getClearedList(),
                        f.getName() + " cleared");
            }
        }
    }

    @Test
    void unchangedReadingsAreLeftOutAndGoneOnesListed() {
        TreeMap<Integer, Process> none = new TreeMap<>();
        Sample first = sample(1, none, null, true, 0);
        Sample second = sample(2, none, null, false, 0).toBuilder().clearProcesses().build();
        Sample delta = SampleDeltas.encode(first, second);
        assertNotNull(delta);
        assertTrue(!delta.hasMem() && !delta.hasSystem() && !delta.hasCpu(), "unchanged readings left out: " + delta);
        assertTrue(delta.hasUptime(), "a changed reading goes whole");
        assertEquals(List.of(Sample.LOAD_FIELD_NUMBER, Sample.PROCESSES_FIELD_NUMBER), delta.getGoneReadingsList());
        assertEquals(second, SampleDeltas.apply(first, delta));
    }

    @Test
    void everyReadingIsLeftOutWhenUnchangedSentWhenChangedAndListedWhenGone() {
        List<FieldDescriptor> readings = Sample.getDescriptor().getFields().stream()
                .filter(f -> f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isRepeated()
                        && f.getNumber() != Sample.PROCESSES_FIELD_NUMBER)
                .toList();
        assertEquals(readings.size(), SampleDeltas.READINGS.length, "each reading listed once");
        for (FieldDescriptor f : readings) {
            Message plain = Sample.newBuilder().newBuilderForField(f).build(); // present, every field at its default
            Message marked = plain.toBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
                    .addField(9_999, UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build()).build();
            Sample base = Sample.newBuilder().setSeq(1).setField(f, plain).build();
            Sample same = Sample.newBuilder().setSeq(2).setField(f, plain).build();
            Sample changed = Sample.newBuilder().setSeq(3).setField(f, marked).build();
            Sample gone = Sample.newBuilder().setSeq(4).build();
            Sample back = Sample.newBuilder().setSeq(5).setField(f, plain).build();
            List<Sample> deltas = roundTrip(List.of(base, same, changed, gone, back));
            assertTrue(!deltas.get(1).hasField(f) && deltas.get(1).getGoneReadingsCount() == 0,
                    f.getName() + " unchanged: left out, " + deltas.get(1));
            assertEquals(marked, deltas.get(2).getField(f), f.getName() + " changed: sent");
            assertEquals(List.of(f.getNumber()), deltas.get(3).getGoneReadingsList(), f.getName() + " gone: listed");
            assertEquals(plain, deltas.get(4).getField(f), f.getName() + " back: sent");
        }
    }

    @Test
    void whatADeltaCannotSayGoesWhole() {
        Random random = new Random(3);
        TreeMap<Integer, Process> ps = new TreeMap<>();
        ps.put(5, process(5, 1, random));
        ps.put(9, process(9, 2, random));
        Sample first = sample(1, ps, null, true, 0);
        assertNull(SampleDeltas.encode(null, first), "no base: whole");
        Sample unordered = first.toBuilder().setSeq(2).setProcesses(first.getProcesses().toBuilder().clearProcesses()
                .addProcesses(ps.get(9)).addProcesses(ps.get(5))).build();
        assertNull(SampleDeltas.encode(first, unordered), "processes out of pid order: whole");
        Sample noPageSize = first.toBuilder().setSeq(2).setProcesses(first.getProcesses().toBuilder()
                .clearPageSize()).build();
        assertNull(SampleDeltas.encode(first, noPageSize), "a table's number gone to zero: whole");
        Sample delta = SampleDeltas.encode(first, first.toBuilder().setSeq(2).build());
        assertNotNull(delta);
        assertNull(SampleDeltas.encode(delta, first.toBuilder().setSeq(3).build()),
                "a delta is never a base: the agent keeps its whole samples");
    }

    @Test
    void aDeltaThatDoesNotFitItsBaseIsRefusedSayingWhy() {
        Random random = new Random(5);
        TreeMap<Integer, Process> ps = new TreeMap<>();
        ps.put(5, process(5, 1, random));
        Sample first = sample(1, ps, null, true, 0);
        Sample delta = SampleDeltas.encode(first, sample(2, ps, null, true, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SampleDeltas.apply(null,
                delta));
        assertTrue(e.getMessage().contains("no sample came before"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SampleDeltas.apply(first.toBuilder().setSeq(7).build(),
                delta));
        assertTrue(e.getMessage().contains("against sample 1") && e.getMessage().contains("was 7"), e.getMessage());
        for (int field : new int[] {Process.PID_FIELD_NUMBER, Process.START_TIME_FIELD_NUMBER, 999}) {
            Sample bad = delta.toBuilder().setProcesses(ProcessTable.newBuilder()
                    .addProcesses(Process.newBuilder().setPid(5).addCleared(field))).build();
            e = assertThrows(IllegalArgumentException.class, () -> SampleDeltas.apply(first, bad));
            assertTrue(e.getMessage().contains("clears field " + field), e.getMessage());
        }
        Sample newClearing = delta.toBuilder().setProcesses(ProcessTable.newBuilder()
                .addProcesses(Process.newBuilder().setPid(6).setStartTime(3).addCleared(Process.RSS_FIELD_NUMBER)))
                .build();
        e = assertThrows(IllegalArgumentException.class, () -> SampleDeltas.apply(first, newClearing));
        assertTrue(e.getMessage().contains("is new"), e.getMessage());
        Sample descending = delta.toBuilder().setProcesses(ProcessTable.newBuilder()
                .addProcesses(Process.newBuilder().setPid(8).setStartTime(3))
                .addProcesses(Process.newBuilder().setPid(6).setStartTime(4))).build();
        e = assertThrows(IllegalArgumentException.class, () -> SampleDeltas.apply(first, descending));
        assertTrue(e.getMessage().contains("ascending"), e.getMessage());
        Sample otherStart = delta.toBuilder().setProcesses(ProcessTable.newBuilder()
                .addProcesses(Process.newBuilder().setPid(5).setStartTime(99))).build();
        e = assertThrows(IllegalArgumentException.class, () -> SampleDeltas.apply(first, otherStart));
        assertTrue(e.getMessage().contains("start time"), e.getMessage());
    }
}
