package io.cosd.api.policy;

import io.cosd.domain.policy.Cidr;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who the client is, for {@code qcs:ip}/{@code aws:SourceIp} and secure transport. The address
 * comes from the connection. Only when the connection comes from a configured trusted proxy
 * ({@code --trusted-proxy}) is {@code X-Forwarded-For} read: walking it from the right, the first
 * address that is not itself a trusted proxy is the client. cosd serves plain HTTP, so secure
 * transport is true only when a trusted proxy says {@code X-Forwarded-Proto: https}.
 */
public final class ClientAddress {
    public record Client(String ip, boolean secure) {}

    private final List<Cidr> trusted;

    /** @param trustedProxies CIDRs or addresses; a bad one is an IllegalArgumentException (start-up fails) */
    public ClientAddress(List<String> trustedProxies) {
        List<Cidr> out = new ArrayList<>();
        for (String s : trustedProxies) {
            Cidr c = Cidr.parse(s);
            if (c == null) throw new IllegalArgumentException("bad --trusted-proxy CIDR: " + s);
            out.add(c);
        }
        this.trusted = List.copyOf(out);
    }

    public static final ClientAddress DIRECT = new ClientAddress(List.of());

    /** The client of {@code rc}: its connection's peer and, from a trusted proxy, every line of its forwarding headers. */
    public Client resolve(io.cosd.api.core.Request rc) {
        return resolve(rc.exchange().remote(), allLines(rc.headers().all("X-Forwarded-For")), allLines(rc.headers().all("X-Forwarded-Proto")));
    }

    /**
     * A header's every line, joined in wire order with commas: a proxy may append its value as a line of its
     * own, and the first line may be the client's (so {@code first} would believe the client).
     */
    static String allLines(java.util.List<String> lines) {
        return lines == null || lines.isEmpty() ? null : String.join(",", lines);
    }

    /**
     * @param forwardedFor   every {@code X-Forwarded-For} line joined ({@link #allLines}), or null
     * @param forwardedProto every {@code X-Forwarded-Proto} line joined, or null; only its last value counts
     */
    public Client resolve(InetSocketAddress remote, String forwardedFor, String forwardedProto) {
        String peer = remote == null ? "" : remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
        if (trusted.isEmpty() || !isTrusted(peer)) return new Client(peer, false);
        String client = peer;
        if (forwardedFor != null && !forwardedFor.isBlank()) {
            String[] hops = forwardedFor.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].trim();
                if (Cidr.literal(hop) == null) break;      // garbage: stop at the last good hop
                client = hop;
                if (!isTrusted(hop)) break;
            }
        }
        // The last value is the one the trusted proxy that connected set or appended; any before it came
        // from further out, the client included, so it proves nothing (SSE-9, aws:SecureTransport).
        boolean secure = false;
        if (forwardedProto != null && !forwardedProto.isBlank()) {
            String[] protos = forwardedProto.split(",");
            secure = protos[protos.length - 1].trim().equalsIgnoreCase("https");
        }
        return new Client(normalize(client), secure);
    }

    private boolean isTrusted(String ip) {
        if (trusted.isEmpty()) return false;
        byte[] b = Cidr.literal(ip);
        for (Cidr c : trusted) if (c.contains(b)) return true;
        return false;
    }

    /** IPv4-mapped IPv6 peers read as IPv4 so that IPv4 CIDRs in policies match them. */
    private static String normalize(String ip) {
        byte[] b = Cidr.literal(ip);
        if (b == null) return ip;
        try {
            return InetAddress.getByAddress(b).getHostAddress();
        } catch (UnknownHostException e) {
            return ip;
        }
    }
}
