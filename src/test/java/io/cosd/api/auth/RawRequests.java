package io.cosd.api.auth;

import io.cosd.domain.identity.AccessKey;
import io.cosd.domain.identity.Account;
import io.cosd.domain.signing.UriCodec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Test helpers: turn captured HTTP request heads into {@link AuthRequest}s, fixed clocks, key tables. */
final class RawRequests {
    private RawRequests() {}

    static final Account ACCOUNT = new Account("100000000001", "1250000000");

    /** Parses "METHOD target HTTP/1.1\nName: value\n..." (LF or CRLF; body after a blank line ignored). */
    static AuthRequest parse(String head) {
        String[] lines = head.replace("\r\n", "\n").split("\n");
        String[] rl = lines[0].split(" ");
        String target = rl[1];
        if (target.startsWith("http://") || target.startsWith("https://")) {
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            target = slash < 0 ? "/" : target.substring(slash);
        }
        int q = target.indexOf('?');
        String rawPath = q < 0 ? target : target.substring(0, q);
        String rawQuery = q < 0 ? "" : target.substring(q + 1);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) break;
            int c = lines[i].indexOf(':');
            headers.add(Map.entry(lines[i].substring(0, c), lines[i].substring(c + 1)));
        }
        return new AuthRequest(rl[0], rawPath, UriCodec.decode(rawPath, false), rawQuery, HeaderView.of(headers));
    }

    static Clock at(long epochSecond) { return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC); }

    static AccessKey key(String id, String secret) {
        return new AccessKey(id, secret, ACCOUNT, ACCOUNT.rootUin(), true, Instant.EPOCH);
    }

    static Function<String, Optional<AccessKey>> keys(AccessKey... ks) {
        return id -> {
            for (AccessKey k : ks) if (k.secretId().equals(id)) return Optional.of(k);
            return Optional.empty();
        };
    }
}
