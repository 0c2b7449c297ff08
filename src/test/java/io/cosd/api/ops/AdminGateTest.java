package io.cosd.api.ops;

import io.cosd.api.auth.AuthResult;
import io.cosd.api.error.ApiException;
import io.cosd.api.route.Operation;
import io.cosd.api.route.QueryParams;
import io.cosd.domain.identity.AccessKey;
import io.cosd.domain.identity.Account;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ADM-2 as a table: which parameters each admin operation reads, and which signatures cover them. */
class AdminGateTest {
    static final AccessKey KEY = new AccessKey("AKIDx", null, new Account("100000000001", "1250000000"), "100000000001", true, Instant.EPOCH);

    static AuthResult signed(AuthResult.Scheme scheme, Set<String> params) {
        return new AuthResult.Authenticated(KEY, scheme, new AuthResult.Payload.Unsigned(), Set.of("host"), params);
    }

    static String code(Runnable r) {
        try {
            r.run();
            return "ok";
        } catch (ApiException e) {
            return e.code().code();
        }
    }

    @Test
    void aQSignMustListEveryParameterTheOperationReadsInItsParamList_ADM_2() {
        QueryParams q = QueryParams.parse("uin=100000000002&name=bob");
        assertThat(code(() -> AdminGate.requireSignedParams(Operation.ADMIN_ADD_USER, q, signed(AuthResult.Scheme.COS_HEADER, Set.of("uin", "name")))))
                .isEqualTo("ok");
        assertThat(code(() -> AdminGate.requireSignedParams(Operation.ADMIN_ADD_USER, q, signed(AuthResult.Scheme.COS_HEADER, Set.of("uin")))))
                .isEqualTo("AccessDenied");
        assertThat(code(() -> AdminGate.requireSignedParams(Operation.ADMIN_ADD_USER, q, signed(AuthResult.Scheme.COS_PRESIGNED, Set.of("name")))))
                .isEqualTo("AccessDenied");
    }

    @Test
    void sigV4SignsTheWholeQueryAndSigV2NoneOfTheseParameters_ADM_2() {
        QueryParams q = QueryParams.parse("secret-id=AKIDy");
        assertThatCode(() -> AdminGate.requireSignedParams(Operation.ADMIN_REVOKE_KEY, q, signed(AuthResult.Scheme.SIGV4_HEADER, null)))
                .doesNotThrowAnyException();
        assertThat(code(() -> AdminGate.requireSignedParams(Operation.ADMIN_REVOKE_KEY, q, signed(AuthResult.Scheme.SIGV2_HEADER, Set.of()))))
                .isEqualTo("AccessDenied");
    }

    @Test
    void aParameterTheOperationDoesNotReadIsRefusedNeverIgnoredButTheSignatureItselfMayRideInTheQuery_ADM_2() {
        assertThat(code(() -> AdminGate.requireSignedParams(Operation.ADMIN_LIST_KEYS, QueryParams.parse("uin=1"),
                signed(AuthResult.Scheme.SIGV4_HEADER, null)))).isEqualTo("InvalidArgument");
        assertThat(code(() -> AdminGate.requireSignedParams(Operation.ADMIN_LIST_KEYS,
                QueryParams.parse("q-sign-algorithm=sha1&q-ak=AKIDx&q-signature=abc&q-url-param-list="),
                signed(AuthResult.Scheme.COS_PRESIGNED, Set.of())))).isEqualTo("ok");
    }

    @Test
    void everyAdminOperationDeclaresWhatItReads_ADM_2() {
        assertThat(Arrays.stream(Operation.values()).filter(o -> o.scope() == Operation.Scope.ADMIN)
                .filter(o -> AdminGate.params(o) == null)).isEmpty();
        assertThat(Arrays.stream(Operation.values()).filter(o -> o.scope() != Operation.Scope.ADMIN)
                .filter(o -> AdminGate.params(o) != null)).isEmpty();
        assertThatThrownBy(() -> AdminGate.requireSignedParams(Operation.ADMIN_REPLICATION_RESYNC, QueryParams.parse("bucket=b&existing=true"),
                signed(AuthResult.Scheme.COS_HEADER, Set.of("bucket")))).isInstanceOf(ApiException.class);
    }

    /** The lifecycle and explain endpoints predate the gate and pass it all the same. */
    @Test
    void theLifecycleAndExplainEndpointsTakeOnlyTheParametersTheyReadAllSigned_ADM_2() {
        assertThat(code(() -> AdminGate.requireSignedParams(Operation.ADMIN_LIFECYCLE_PREVIEW, QueryParams.parse("bucket=b&at=%2B30d&max-items=5"),
                signed(AuthResult.Scheme.COS_HEADER, Set.of("bucket", "at", "max-items"))))).isEqualTo("ok");
        assertThat(code(() -> AdminGate.requireSignedParams(Operation.ADMIN_LIFECYCLE_PREVIEW, QueryParams.parse("bucket=b&at=%2B30d"),
                signed(AuthResult.Scheme.COS_HEADER, Set.of("bucket"))))).isEqualTo("AccessDenied");
        assertThat(code(() -> AdminGate.requireSignedParams(Operation.ADMIN_LIFECYCLE_PREVIEW, QueryParams.parse("bucket=b&prefix=x"),
                signed(AuthResult.Scheme.SIGV4_HEADER, null)))).isEqualTo("InvalidArgument");
        assertThat(code(() -> AdminGate.requireSignedParams(Operation.ADMIN_LIFECYCLE_RUN, QueryParams.parse("bucket=b"),
                signed(AuthResult.Scheme.COS_HEADER, Set.of())))).isEqualTo("AccessDenied");
        assertThat(code(() -> AdminGate.requireSignedParams(Operation.ADMIN_LIFECYCLE_RUN, QueryParams.parse("bucket=b&at=%2B30d"),
                signed(AuthResult.Scheme.SIGV4_HEADER, null)))).isEqualTo("InvalidArgument");
        // explain reads its JSON body; a query parameter would be ignored, so it is refused
        assertThat(code(() -> AdminGate.requireSignedParams(Operation.ADMIN_POLICY_EXPLAIN, QueryParams.parse(""),
                signed(AuthResult.Scheme.COS_HEADER, Set.of())))).isEqualTo("ok");
        assertThat(code(() -> AdminGate.requireSignedParams(Operation.ADMIN_POLICY_EXPLAIN, QueryParams.parse("bucket=b"),
                signed(AuthResult.Scheme.SIGV4_HEADER, null)))).isEqualTo("InvalidArgument");
    }

    @Test
    void aPresignedUrlNeverManagesIdentitiesAndAQSignHeaderMayNotOutliveTwentyMinutes_ADM_9() {
        Instant now = Instant.parse("2026-12-04T10:00:00Z");
        for (AuthResult.Scheme presigned : Set.of(AuthResult.Scheme.COS_PRESIGNED, AuthResult.Scheme.SIGV4_PRESIGNED, AuthResult.Scheme.SIGV2_PRESIGNED)) {
            assertThat(code(() -> AdminGate.requireShortLivedSignature(Operation.ADMIN_LIST_KEYS, signed(presigned, null), now)))
                    .as(presigned.name()).isEqualTo("AccessDenied");
        }
        // the lifecycle run changes a bucket; its preview and the policy explain take the same rule
        for (Operation op : Set.of(Operation.ADMIN_LIFECYCLE_RUN, Operation.ADMIN_LIFECYCLE_PREVIEW, Operation.ADMIN_POLICY_EXPLAIN)) {
            assertThat(code(() -> AdminGate.requireShortLivedSignature(op, signed(AuthResult.Scheme.COS_PRESIGNED, null), now)))
                    .as(op.name()).isEqualTo("AccessDenied");
            assertThat(code(() -> AdminGate.requireShortLivedSignature(op, signed(AuthResult.Scheme.SIGV4_PRESIGNED, null), now)))
                    .as(op.name()).isEqualTo("AccessDenied");
            assertThat(code(() -> AdminGate.requireShortLivedSignature(op, qHeaderUntil(now.plusSeconds(3600)), now))).as(op.name()).isEqualTo("AccessDenied");
            assertThat(code(() -> AdminGate.requireShortLivedSignature(op, qHeaderUntil(now.plusSeconds(900)), now))).as(op.name()).isEqualTo("ok");
        }
        assertThat(code(() -> AdminGate.requireShortLivedSignature(Operation.ADMIN_CREATE_KEY, qHeaderUntil(now.plusSeconds(900)), now))).isEqualTo("ok");
        assertThat(code(() -> AdminGate.requireShortLivedSignature(Operation.ADMIN_CREATE_KEY, qHeaderUntil(now.plusSeconds(1200)), now))).isEqualTo("ok");
        assertThat(code(() -> AdminGate.requireShortLivedSignature(Operation.ADMIN_CREATE_KEY, qHeaderUntil(now.plusSeconds(1201)), now)))
                .isEqualTo("AccessDenied");
        assertThat(code(() -> AdminGate.requireShortLivedSignature(Operation.ADMIN_ADD_ACCOUNT, qHeaderUntil(now.plus(java.time.Duration.ofDays(7))), now)))
                .isEqualTo("AccessDenied");
        // SigV4 and SigV2 headers are bounded by their request time (AUTH-10); anonymous callers are the endpoint's to refuse
        assertThat(code(() -> AdminGate.requireShortLivedSignature(Operation.ADMIN_CREATE_KEY, signed(AuthResult.Scheme.SIGV4_HEADER, null), now))).isEqualTo("ok");
        assertThat(code(() -> AdminGate.requireShortLivedSignature(Operation.ADMIN_CREATE_KEY, new AuthResult.Anonymous(), now))).isEqualTo("ok");
    }

    static AuthResult qHeaderUntil(Instant end) {
        return new AuthResult.Authenticated(KEY, AuthResult.Scheme.COS_HEADER, new AuthResult.Payload.Unsigned(), Set.of("host"), Set.of(), end);
    }
}
