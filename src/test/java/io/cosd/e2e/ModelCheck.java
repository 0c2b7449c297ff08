package io.cosd.e2e;

import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The comparisons of the model-based test: one answer of the server against what the model predicts.
 * A mismatch is a {@link Mismatch}, which the driver turns into a report naming the seed, the step
 * and the operations before it (ObjectModelE2eTest).
 */
final class ModelCheck {
    private ModelCheck() {}

    /** The server answered otherwise than the model says it must. */
    static final class Mismatch extends AssertionError {
        Mismatch(String message) {
            super(message);
        }
    }

    /** An SDK call's answer: the response, or the service error it threw. */
    record Answer<T>(T response, S3Exception error) {
        boolean ok() {
            return error == null;
        }

        int status() {
            return error != null ? error.statusCode() : http().statusCode();
        }

        SdkHttpResponse http() {
            if (error != null) return error.awsErrorDetails().sdkHttpResponse();
            if (response instanceof software.amazon.awssdk.core.ResponseBytes<?> bytes) {
                return ((software.amazon.awssdk.core.SdkResponse) bytes.response()).sdkHttpResponse();
            }
            return ((software.amazon.awssdk.core.SdkResponse) response).sdkHttpResponse();
        }

        Optional<String> header(String name) {
            return http().firstMatchingHeader(name);
        }

        String code() {
            return error == null || error.awsErrorDetails() == null ? null : error.awsErrorDetails().errorCode();
        }

        @Override
        public String toString() {
            return error != null ? status() + " " + code() + " (" + error.getMessage() + ")" : "" + status();
        }
    }

    static <T> Answer<T> call(Supplier<T> s) {
        try {
            return new Answer<>(s.get(), null);
        } catch (S3Exception e) {
            return new Answer<>(null, e);
        }
    }

    static void that(boolean holds, String what, Object... args) {
        if (!holds) throw new Mismatch(String.format(what, args));
    }

    static void equal(Object actual, Object expected, String what) {
        if (!Objects.equals(actual, expected)) throw new Mismatch(what + ": expected <" + expected + "> but the server said <" + actual + ">");
    }

    /** A success with this status. */
    static void ok(Answer<?> a, int status, String what) {
        if (!a.ok()) throw new Mismatch(what + ": expected " + status + " but the server answered " + a);
        equal(a.status(), status, what + " status");
    }

    /**
     * An error with this status and, when {@code code} is not null, this error code (a HEAD answer has no
     * body, so its code is not compared).
     */
    static void error(Answer<?> a, int status, String code, String what) {
        if (a.ok()) throw new Mismatch(what + ": expected " + status + " " + code + " but the server answered " + a.status());
        equal(a.status(), status, what + " status (" + a + ")");
        if (code != null) equal(a.code(), code, what + " error code");
    }

    /**
     * SSE-10: how the answer says the version is encrypted; an SSE-C answer echoes the key's MD5 when the
     * request sent the key ({@code keySent}).
     */
    static void sse(Answer<?> a, ModelSse sse, boolean keySent, String what) {
        header(a, "x-amz-server-side-encryption", sse.mode() == ModelSse.Mode.SSE_S3 ? "AES256" : null, what);
        header(a, "x-amz-server-side-encryption-customer-algorithm", sse.customerKeyed() ? "AES256" : null, what);
        header(a, "x-amz-server-side-encryption-customer-key-MD5", sse.customerKeyed() && keySent ? ModelSse.md5(sse.key()) : null, what);
    }

    /**
     * The ETag of a written version: the quoted MD5 of its bytes, except SSE-C's, which must not be that
     * MD5 (SSE-6: a caller without the key learns nothing from it) and is recorded as given.
     */
    static String etag(String got, ModelContent c, boolean customerKeyed, String what) {
        if (!customerKeyed) {
            equal(got, c.plainEtag(), what + " ETag");
            return got;
        }
        that(got != null && got.matches("\"[0-9a-f]{32}\"") && !got.equals(c.plainEtag()),
                "%s: an SSE-C ETag is 32 hex digits and not the MD5 of the bytes (SSE-6), got %s", what, got);
        return got;
    }

    /** A completed upload's ETag: the MD5 of its parts' binary ETags, a dash and the part count (docs/storage.md). */
    static String multipartEtag(java.util.List<String> partEtags) {
        try {
            var md5 = java.security.MessageDigest.getInstance("MD5");
            for (String e : partEtags) md5.update(java.util.HexFormat.of().parseHex(e.replace("\"", "")));
            return "\"" + java.util.HexFormat.of().formatHex(md5.digest()) + "-" + partEtags.size() + "\"";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The header is absent when {@code expected} is null, else present with that value. */
    static void header(Answer<?> a, String name, String expected, String what) {
        equal(a.header(name).orElse(null), expected, what + " header " + name);
    }
}
