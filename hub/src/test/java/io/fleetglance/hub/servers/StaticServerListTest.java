package io.fleetglance.hub.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.common.config.GlancesConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code [serverlist]} read as Glances reads it, keeping the REST servers the hub can poll. */
class StaticServerListTest {

    private static GlancesConfig config(String... lines) {
        return GlancesConfig.parse("test.conf", List.of(lines));
    }

    @Test
    void readsRestEntriesWithPortAsWrittenAndGlancesDefaults() {
        List<StaticServer> servers = StaticServerList.read(config("[serverlist]",
                "server_1_name=127.0.0.1", "server_1_port=61299", "server_1_alias=Agent A (REST)",
                "server_1_protocol=rest",
                "server_4_name=localhost", "server_4_protocol=REST"));
        assertEquals(2, servers.size());
        StaticServer a = servers.get(0);
        assertEquals("127.0.0.1", a.name());
        assertEquals("61299", a.port());
        assertEquals("Agent A (REST)", a.alias());
        assertEquals("127.0.0.1", a.ip());
        assertEquals("127.0.0.1:61299", a.key());
        assertEquals("http://127.0.0.1:61299/api/4/", a.apiRoot());
        StaticServer b = servers.get(1);
        assertEquals("61208", b.port(), "Glances' default REST port");
        assertNull(b.alias());
        assertEquals("localhost:61208", b.key());
    }

    @Test
    void skipsRpcEntriesNamelessEntriesAndBadPorts() {
        List<StaticServer> servers = StaticServerList.read(config("[serverlist]",
                "server_1_name=127.0.0.1", "server_1_port=61209",
                "server_2_name=localhost", "server_2_protocol=rpc",
                "server_3_port=61208", "server_3_protocol=rest",
                "server_5_name=127.0.0.1", "server_5_port=70000", "server_5_protocol=rest",
                "server_6_name=127.0.0.1", "server_6_port=6120x", "server_6_protocol=rest",
                "server_7_name=127.0.0.1", "server_7_port=61288", "server_7_protocol=rest"));
        assertEquals(List.of("127.0.0.1:61288"), servers.stream().map(StaticServer::key).toList(),
                "rpc (also by default), nameless and bad-port entries are skipped");
    }

    @Test
    void refusesANameThatCarriesCredentialsWithoutLoggingIt() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<StaticServer> servers;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            servers = StaticServerList.read(config("[serverlist]",
                    "server_1_name=glances:s3cr3t@127.0.0.1", "server_1_protocol=rest",
                    "server_2_name=http://glances:s3cr3t@127.0.0.1:61208", "server_2_protocol=rest",
                    "server_3_name=127.0.0.1/api", "server_3_protocol=rest"));
        } finally {
            System.setErr(err);
        }
        assertEquals(List.of(), servers);
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("server_1_name is not a host name or address"), "the skip is noted: " + log);
        assertFalse(log.contains("s3cr3t"), "the password is not logged: " + log);
    }

    @Test
    void acceptsIpv6LiteralsAndBracketsThemInUrls() {
        List<StaticServer> servers = StaticServerList.read(config("[serverlist]",
                "server_1_name=::1", "server_1_port=61208", "server_1_protocol=rest"));
        assertEquals(1, servers.size());
        assertEquals("::1:61208", servers.get(0).key(), "Glances' key is name + ':' + port");
        assertEquals("http://[::1]:61208/api/4/", servers.get(0).apiRoot());
    }
}
