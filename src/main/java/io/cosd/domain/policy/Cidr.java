package io.cosd.domain.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network. Host bits are ignored, so the captured SDK sample's
 * {@code 10.121.2.10/24} means 10.121.2.0/24. A bare address is a /32 (/128). Literals only: a name is
 * never resolved.
 */
public record Cidr(byte[] network, int bits) {
    /** @return null if {@code s} is not an address or CIDR */
    public static Cidr parse(String s) {
        if (s == null) return null;
        s = s.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        byte[] b = literal(addr);
        if (b == null) return null;
        int bits = b.length * 8;
        if (slash >= 0) {
            String n = s.substring(slash + 1);
            if (!n.matches("\\d{1,3}")) return null;
            bits = Integer.parseInt(n);
            if (bits > b.length * 8) return null;
        }
        return new Cidr(b, bits);
    }

    /** The address bytes of an IP literal (IPv4-mapped IPv6 comes back as IPv4), or null. */
    public static byte[] literal(String addr) {
        if (addr == null || addr.isEmpty()) return null;
        if (addr.startsWith("[") && addr.endsWith("]")) addr = addr.substring(1, addr.length() - 1);
        if (addr.indexOf(':') < 0) return ipv4(addr);
        if (!addr.matches("[0-9A-Fa-f:.]+")) {
            return null; // also refuses zone ids; never let InetAddress see a host name
        }
        try {
            return InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Dotted quad without regex or InetAddress: this runs for every request a SourceIp condition looks at. */
    private static byte[] ipv4(String s) {
        byte[] out = new byte[4];
        int part = 0, val = -1, digits = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i == s.length() ? '.' : s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 3) return null;
                val = (val < 0 ? 0 : val * 10) + (c - '0');
            } else if (c == '.') {
                if (val < 0 || val > 255 || part > 3) return null;
                out[part++] = (byte) val;
                val = -1;
                digits = 0;
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    public boolean contains(byte[] ip) {
        if (ip == null || ip.length != network.length) return false;
        int full = bits / 8, rest = bits % 8;
        for (int i = 0; i < full; i++) if (ip[i] != network[i]) return false;
        if (rest == 0) return true;
        int mask = (0xff << (8 - rest)) & 0xff;
        return (ip[full] & mask) == (network[full] & mask);
    }
}
