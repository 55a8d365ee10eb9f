package io.fleetglance.agent.collect;

/** One IPv4 address of a network interface, with the length of its network prefix ({@code 24} for /24). */
public record Ipv4Address(String address, int prefixLength) {

    /** Checks the prefix length is one an IPv4 network can have. */
    public Ipv4Address {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("IPv4 prefix length must be 0 to 32, got " + prefixLength
                    + " for " + address);
        }
    }

    /** The netmask in dotted form, {@code 255.255.255.0} for a /24. */
    public String mask() {
        long bits = prefixLength == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefixLength)) & 0xFFFF_FFFFL;
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xFF) + "." + ((bits >>> 8) & 0xFF) + "." + (bits & 0xFF);
    }
}
