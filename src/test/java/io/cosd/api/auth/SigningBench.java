package io.cosd.api.auth;

import io.cosd.domain.signing.CosSigner;
import io.cosd.domain.signing.Hashes;
import io.cosd.domain.signing.OutboundSigner;
import io.cosd.domain.signing.SigV4Signer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Throwaway microbenchmark (not a test; no timing assertions anywhere): ns per request
 * authentication for a q-sign header (doc vector V1), a SigV4 header (AWS GetObject example), one
 * outbound q-sign, and the bare signature math (SignKey + signature; SigV4 key + signature). Reports
 * wall and thread-CPU ns/op (CPU time is steadier on a shared machine). Run after
 * {@code mvn test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt}:
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.cosd.api.auth.SigningBench [iterations]
 * </pre>
 */
public final class SigningBench {
    static volatile Object sink;

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String ak = "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q", sk = "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz";
        AuthRequest cos = RawRequests.parse("""
                PUT /exampleobject(%E8%85%BE%E8%AE%AF%E4%BA%91) HTTP/1.1
                Host: examplebucket-1250000000.cos.ap-beijing.myqcloud.com
                Content-Type: text/plain
                Content-Length: 13
                Content-MD5: mQ/fVh815F3k6TAUm8m0eg==
                x-cos-acl: private
                x-cos-grant-read: uin="100000000011"
                Authorization: q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1557989151;1557996351&q-key-time=1557989151;1557996351&q-header-list=content-length;content-md5;content-type;host;x-cos-acl;x-cos-grant-read&q-url-param-list=&q-signature=fc4e4717b501da12715d5fc84a4880a87ad2b7ab
                """);
        Authenticator cosAuth = new Authenticator(RawRequests.keys(RawRequests.key(ak, sk)), RawRequests.at(1557989200));
        AuthRequest v4 = RawRequests.parse(AuthenticatorSigV4Test.GET_OBJECT);
        Authenticator v4Auth = AuthenticatorSigV4Test.at(AuthenticatorSigV4Test.T0 + 60);
        Instant now = Instant.ofEpochSecond(1_700_000_000);
        Map<String, String> h = Map.of("host", "b-1250000000.cos.ap-guangzhou.myqcloud.com", "content-length", "4096");
        for (int round = 0; round < 3; round++) {
            run("q-sign verify (Authenticator, header V1)", n, () -> cosAuth.authenticate(cos));
            run("SigV4 verify (Authenticator, header)   ", n, () -> v4Auth.authenticate(v4));
            run("outbound q-sign (OutboundSigner.cos)   ", n, () -> OutboundSigner.cos("PUT", "/k", Map.of(), h, ak, sk, now, 600));
            run("q-sign math (CosSigner.signature)      ", n, () -> CosSigner.signature(sk, "1557989151;1557996351",
                    "1557989151;1557996351", "get\n/k\n\nhost=h\n"));
            run("SigV4 math (signing key + signature)   ", n, () -> SIGV4_MATH.get());
        }
    }

    static final Supplier<Object> SIGV4_MATH = () -> SigV4Signer.key(AuthenticatorSigV4Test.SK, "20130524", "us-east-1", "s3")
            .sign("AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n" + Hashes.EMPTY_SHA256);

    static void run(String name, int n, Supplier<Object> op) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < n / 10; i++) sink = op.get(); // warm-up
        long t = System.nanoTime(), c = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) sink = op.get();
        System.out.printf("%s %7.0f ns/op wall %7.0f ns/op cpu  (%d ops)%n", name, (System.nanoTime() - t) / (double) n,
                (mx.getCurrentThreadCpuTime() - c) / (double) n, n);
    }
}
