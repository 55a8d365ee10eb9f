package io.fleetglance.hub.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.hub.store.HistoryRange;
import io.fleetglance.hub.store.HubStore;
import io.fleetglance.hub.store.StoreException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * {@code /{plugin}/history/range?from=&to=&points=}, Fleetglance's extension: a plugin's history over any range,
 * from the store's finest tier that still covers {@code from} (raw points, then minutes, then hours), folded into at
 * most {@code points} buckets of min, avg and max per series.
 */
final class HistoryRangeAnswer {

    static final int DEFAULT_POINTS = 300;
    static final int MAX_POINTS = 5000;

    private HistoryRangeAnswer() {
    }

    static Response of(HostApi api, ApiRequest r) {
        String plugin = r.param("plugin");
        api.requirePlugin(plugin);
        HubStore store = api.context().registry().historyStore()
                .orElseThrow(() -> new ApiException(404, "this hub keeps no history store"));
        long nowUs = System.currentTimeMillis() * 1000;
        long toUs = seconds(r, "to", nowUs);
        long fromUs = seconds(r, "from", toUs - 3_600_000_000L);
        int points = r.intQuery("points", DEFAULT_POINTS);
        if (points < 1 || points > MAX_POINTS) {
            throw new ApiException(400, "points must be 1.." + MAX_POINTS + ", got " + points);
        }
        if (fromUs >= toUs) {
            throw new ApiException(400, "from must be before to (epoch seconds)");
        }
        HistoryRange range;
        try {
            range = store.range(api.host().name(), plugin, fromUs, toUs, points);
        } catch (StoreException e) {
            throw new ApiException(503, "the history store cannot be read now");
        }
        ObjectNode out = Json.object();
        out.put("plugin", plugin);
        out.put("from", HistoryJson.timestamp(fromUs));
        out.put("to", HistoryJson.timestamp(toUs));
        out.put("tier", range.tier());
        out.put("step", range.stepUs() / 1e6);
        ObjectNode series = out.putObject("series");
        for (Map.Entry<String, List<HistoryRange.Bucket>> s : range.series().entrySet()) {
            ArrayNode list = series.putArray(s.getKey());
            for (HistoryRange.Bucket b : s.getValue()) {
                list.addArray().add(HistoryJson.timestamp(b.startUs())).add(b.avg()).add(b.min()).add(b.max());
            }
        }
        return Json.ok(out);
    }

    /** An epoch-seconds query parameter (decimals allowed) in microseconds. */
    private static long seconds(ApiRequest r, String name, long fallbackUs) {
        String v = r.query() == null ? null : r.query().getFirst(name);
        if (v == null || v.isBlank()) {
            return fallbackUs;
        }
        try {
            double s = Double.parseDouble(v.trim());
            if (!Double.isFinite(s) || s < 0 || s > 1e11) {
                throw new NumberFormatException();
            }
            return Math.round(s * 1e6);
        } catch (NumberFormatException e) {
            throw new ApiException(400, name + " must be a time in epoch seconds, got '" + v + "'");
        }
    }
}
