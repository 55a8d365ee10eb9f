package io.fleetglance.hub.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.hub.fleet.HistoryRing;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** History as Glances writes it: {@code [["2026-11-26T16:58:05.910354+00:00", value], ...]}. */
final class HistoryJson {

    private HistoryJson() {
    }

    static ArrayNode points(List<HistoryRing.Point> points) {
        ArrayNode out = Json.array();
        for (HistoryRing.Point p : points) {
            out.addArray().add(timestamp(p.timeUs())).add(p.value());
        }
        return out;
    }

    static ObjectNode series(Map<String, List<HistoryRing.Point>> series) {
        ObjectNode out = Json.object();
        series.forEach((name, points) -> out.set(name, points(points)));
        return out;
    }

    /** Python's {@code datetime.isoformat()} of a UTC time: microseconds only when not zero. */
    static String timestamp(long epochMicros) {
        long seconds = Math.floorDiv(epochMicros, 1_000_000L);
        int micros = (int) Math.floorMod(epochMicros, 1_000_000L);
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(32);
        sb.append(String.format("%04d-%02d-%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond()));
        if (micros != 0) {
            sb.append('.').append(String.format("%06d", micros));
        }
        return sb.append("+00:00").toString();
    }
}
