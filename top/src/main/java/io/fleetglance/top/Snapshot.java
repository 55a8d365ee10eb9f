package io.fleetglance.top;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.jline.utils.AttributedString;

/**
 * {@code --once}: one snapshot for scripts, the screen as text (no escape sequences) or the API's JSON. Its size
 * follows {@code COLUMNS} and {@code LINES} when set, else 120 by 40.
 */
final class Snapshot {

    private final HubClient client;
    private final ObjectMapper mapper;
    private final PrintStream out;

    Snapshot(HubClient client, ObjectMapper mapper, PrintStream out) {
        this.client = client;
        this.mapper = mapper;
        this.out = out;
    }

    int print(HostTarget host, boolean json, boolean monochrome, boolean ascii)
            throws IOException, InterruptedException {
        JsonNode servers = client.get("api/4/serverslist");
        int width = dimension("COLUMNS", 120);
        int height = dimension("LINES", 40);
        Look look = new Look(Palette.MONO, ascii ? Glyphs.ASCII : Glyphs.UTF8);
        if (host == null) {
            if (json) {
                out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(servers));
            } else {
                print(new BrowserScreen(look).render(client.base().toString(), servers, null,
                        BrowserScreen.State.initial(), false, Instant.now(), width,
                        Math.max(height, servers.size() + 4)));
            }
            return 0;
        }
        JsonNode all = client.get(host.apiPath() + "all");
        Feed feed = Feed.EMPTY.withServers(servers).withStats(host, new HostStats(all, null, null));
        if (json) {
            ObjectNode o = mapper.createObjectNode();
            o.put("host", host.name());
            o.put("status", feed.hostStatus());
            o.set("stats", all);
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(o));
            return 0;
        }
        JsonNode views = client.get(host.apiPath() + "all/views");
        print(new HostScreen(look, ZoneId.systemDefault()).render(host.name(), new HostStats(all, views, null),
                feed.hostStatus(), null, HostScreen.State.initial(), width, height));
        return 0;
    }

    private void print(List<AttributedString> lines) {
        int last = lines.size();
        while (last > 0 && lines.get(last - 1).toString().isBlank()) {
            last--;
        }
        for (int i = 0; i < last; i++) {
            out.println(lines.get(i).toString().stripTrailing());
        }
    }

    private static int dimension(String env, int fallback) {
        try {
            int v = Integer.parseInt(System.getenv().getOrDefault(env, ""));
            return v >= 20 ? v : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
