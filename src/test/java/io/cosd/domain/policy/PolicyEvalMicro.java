package io.cosd.domain.policy;

import io.cosd.domain.identity.Principal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Not a test: a single-threaded micro measurement of {@link PolicyEvaluator} on the bench policy
 * shape (100 statements that reach the resource check and miss, then an Allow with an IP condition).
 * Run: {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.cosd.domain.policy.PolicyEvalMicro}
 * (see docs/policy.md). Prints nanoseconds per evaluation with and without the policy.
 */
public final class PolicyEvalMicro {
    public static void main(String[] args) {
        StringBuilder sb = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
        for (int i = 0; i < 100; i++) {
            sb.append(String.format(Locale.ROOT, "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":[\"s3:GetObject\",\"s3:GetObjectVersion\"],"
                    + "\"Resource\":[\"arn:aws:s3:::%s/other-%03d/*\",\"arn:aws:s3:::%s/archive/%03d/*.bin\"]},", Policies.BUCKET, i, Policies.BUCKET, i));
        }
        sb.append("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::")
                .append(Policies.BUCKET).append("/run/policy/*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":[\"127.0.0.0/8\",\"10.0.0.0/8\"]}}}]}");
        Policy p = Policies.compile(sb.toString());
        for (var who : List.of(Policies.ROOT, Policies.SUB)) {
            var r = Policies.req(who, "GetObject", "s3:GetObject", "run/policy/7", Map.of(ContextKey.SOURCE_IP, "127.0.0.1"));
            if (!PolicyEvaluator.evaluate(p, r, Policies.NOW).allowed()) throw new IllegalStateException("expected allow");
            for (Policy pol : new Policy[]{null, p}) {
                long n = 0, sink = 0, t0 = System.nanoTime(), end = t0 + 3_000_000_000L;
                while (System.nanoTime() < end) {
                    for (int i = 0; i < 10_000; i++) sink += PolicyEvaluator.evaluate(pol, r, Policies.NOW).allowed() ? 1 : 0;
                    n += 10_000;
                }
                double ns = (System.nanoTime() - t0) / (double) n;
                System.out.printf(Locale.ROOT, "%s %-14s %8.0f ns/evaluation (%d evaluations, sink %d)%n",
                        who instanceof Principal.Root ? "owner-root" : "sub-user  ",
                        pol == null ? "no policy" : "101 statements", ns, n, sink);
            }
        }
    }
}
