import io.cosd.api.auth.*;
import io.cosd.domain.identity.*;
import io.cosd.domain.signing.CosSigner;
import java.time.*;
import java.util.*;

/** ns per Authenticator.authenticate of a signed 4 KiB GET as bench/run's client signs it (q-sign over host). */
public class AuthCost {
    public static void main(String[] a) {
        String sid = "AKIDbench", sk = "benchsecretkey0123456789";
        AccessKey key = new AccessKey(sid, sk, new Account("100000000001", "1250000000"), "100000000001", true, Instant.EPOCH);
        Clock clock = Clock.systemUTC();
        Authenticator auth = new Authenticator(id -> Optional.of(key), clock, AuthSettings.of("ap-guangzhou"));
        long now = clock.instant().getEpochSecond();
        String t = (now - 60) + ";" + (now + 3600);
        String host = "127.0.0.1:9000", path = "/bench-1250000000/run-1/obj-000001";
        String http = CosSigner.httpString("get", path, List.of(), Map.of(), List.of("host"), Map.of("host", "127.0.0.1%3A9000"));
        String sig = CosSigner.signature(sk, t, t, http);
        String authz = "q-sign-algorithm=sha1&q-ak=" + sid + "&q-sign-time=" + t + "&q-key-time=" + t
                + "&q-header-list=host&q-url-param-list=&q-signature=" + sig;
        HeaderView h = HeaderView.of(List.of(Map.entry("Host", host), Map.entry("Authorization", authz),
                Map.entry("User-Agent", "Java-http-client/25"), Map.entry("Content-Length", "0")));
        AuthRequest r = new AuthRequest("GET", path, path, "", h, host);
        Object res = auth.authenticate(r);
        if (!(res instanceof AuthResult.Authenticated)) throw new AssertionError(res);
        for (int round = 0; round < 8; round++) {
            int n = 300_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) res = auth.authenticate(r);
            long dt = System.nanoTime() - t0;
            if (round >= 3) System.out.printf("%s ns/auth%n", dt / n);
        }
    }
}
