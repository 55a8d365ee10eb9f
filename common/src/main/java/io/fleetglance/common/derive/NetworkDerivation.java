package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.NetInterface;
import io.fleetglance.proto.Sample;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code network} plugin: one element per interface, its byte counters as Glances rate fields (matched with the
 * previous sample by interface name; an interface seen for the first time carries its raw counters and no rate
 * field), {@code speed} in Glances' "bits per second" (Mbps × 1048576, as Glances computes it), and the alias.
 *
 * <p>{@code is_up} is declared by Glances but never sent (psutil calls it {@code isup}), so it is not sent here
 * either: Glances 4.5.6 clients see the same fields.
 *
 * <p>{@code [network]}: {@code hide} (shipped: {@code docker.*,lo}) and {@code show} regex lists, {@code alias},
 * {@code hide_no_up} and {@code hide_no_ip} (shipped: both true). Interfaces without link stats are skipped, as
 * Glances skips those missing from {@code net_if_stats}. {@code hide_no_ip} keeps interfaces with an IPv4 address:
 * the wire says whether an interface has one, where Glances also counts an IPv6-only interface as having an address.
 * The counters of hidden interfaces are followed too, so an interface shown after a configuration change has rates
 * at once.
 */
public final class NetworkDerivation implements PluginDerivation {

    static final String SECTION = "network";

    private DisplayRules rules;
    private boolean hideNoUp;
    private boolean hideNoIp;
    private final PreviousCounters<Map<String, Long>> previous = new PreviousCounters<>();
    private final CopiedFields copied;

    public NetworkDerivation(PluginSpec spec) {
        copied = CopiedFields.of(spec, NetInterface.getDescriptor(), "is_up");
        configure(GlancesConfig.empty());
    }

    @Override
    public String plugin() {
        return SECTION;
    }

    @Override
    public void configure(GlancesConfig config) {
        rules = DisplayRules.of(config, SECTION, "docker.*,lo");
        hideNoUp = config.getBoolean(SECTION, "hide_no_up", true);
        hideNoIp = config.getBoolean(SECTION, "hide_no_ip", true);
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (!sample.hasNetwork()) {
            return Optional.empty();
        }
        double seconds = previous.startSample(sample.getMonoTimeNs());
        ArrayNode stats = JsonNodeFactory.instance.arrayNode();
        for (NetInterface nic : sample.getNetwork().getInterfacesList()) {
            if (!nic.getHasStats()) {
                continue;
            }
            Map<String, Long> counters = new LinkedHashMap<>();
            counters.put("bytes_recv", nic.getBytesRecv());
            counters.put("bytes_sent", nic.getBytesSent());
            counters.put("bytes_all", nic.getBytesRecv() + nic.getBytesSent());
            Map<String, Long> before = previous.exchange(nic.getName(), counters);
            if ((hideNoUp && !nic.getIsUp()) || (hideNoIp && !nic.getHasIpv4()) || !rules.shows(nic.getName())) {
                continue;
            }
            ObjectNode element = stats.addObject();
            element.set("bytes_sent", JsonNumbers.integer(nic.getBytesSent()));
            element.set("bytes_recv", JsonNumbers.integer(nic.getBytesRecv()));
            element.set("speed", JsonNumbers.integer(Integer.toUnsignedLong(nic.getSpeedMbps()) * 1_048_576L));
            element.put("key", "interface_name");
            element.put("interface_name", nic.getName());
            element.put("alias", rules.alias(nic.getName()).orElse(null));
            element.set("bytes_all", JsonNumbers.integer(counters.get("bytes_all")));
            CounterRates.apply(element, counters, before, seconds);
            copied.complete(element, nic);
        }
        previous.endSample(sample.getMonoTimeNs());
        return Optional.of(stats);
    }
}
