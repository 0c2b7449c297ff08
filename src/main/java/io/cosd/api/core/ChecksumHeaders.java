package io.cosd.api.core;

import io.cosd.api.auth.HeaderView;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.route.UnbuiltHeaders;
import io.cosd.domain.object.ChecksumAlgorithm;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code x-amz-checksum-<alg>: <base64>} sent as a header (the AWS SDK v2 sends one on every XML
 * body, e.g. DeleteObjects and PutBucketCors): the body must hash to it, checked at EOF before the
 * caller stores anything, else {@code 400 BadDigest} (docs/unbuilt.md "Checksums"). PutObject and
 * UploadPart check theirs in the pass that stores the body and computes the checksum kept
 * ({@link #value}, service/BlobStreams); a POST form field uses {@link #verifying(String, String, InputStream)}. The aws-chunked trailer form is verified by AwsChunkedInputStream;
 * algorithms cosd cannot verify were refused before (UnbuiltHeaders), never accepted unchecked.
 */
public final class ChecksumHeaders {
    private ChecksumHeaders() {}

    /**
     * One checksum value sent elsewhere than in a header (a POST Object form field, OBJ-K10), checked as a
     * header's: {@code name} is {@code x-amz-checksum-<alg>} of a verified algorithm.
     */
    public static InputStream verifying(String name, String value, InputStream body) {
        ChecksumAlgorithm alg = ChecksumAlgorithm.parse(name.substring(15)).orElseThrow();
        return new Verifying(body, List.of(new Expected(name, decode(name, value.trim(), alg.size()), alg.newDigest())));
    }

    /** The body wrapped so each verifiable checksum header is checked at EOF; the body itself when there is none. */
    public static InputStream verifying(HeaderView headers, InputStream body) {
        List<Expected> want = new ArrayList<>(1);
        for (var e : headers.entries()) {
            String raw = e.getKey();
            if (raw.length() < 16 || !raw.regionMatches(true, 0, "x-amz-checksum-", 0, 15)) continue; // hot path: no lowercasing
            String name = raw.toLowerCase(Locale.ROOT);
            if (!UnbuiltHeaders.VERIFIED_CHECKSUMS.contains(name.substring(15))) continue;
            ChecksumAlgorithm alg = ChecksumAlgorithm.parse(name.substring(15)).orElseThrow();
            want.add(new Expected(name, decode(name, e.getValue().trim(), alg.size()), alg.newDigest()));
        }
        return want.isEmpty() || body == null ? body : new Verifying(body, want);
    }

    /**
     * UB-3: {@code x-amz-sdk-checksum-algorithm} says which checksum the client sent, a value header or the
     * trailer {@code x-amz-trailer} announces. Alone it vouches for a check the request does not carry, and
     * naming another algorithm it contradicts the one that is checked: either is {@code 400 InvalidRequest}
     * in S3's words, on every request (before, only PutObject and UploadPart refused it). Checked before any
     * body byte is read.
     */
    public static void requireSdkAlgorithmSent(HeaderView headers) {
        String sdk = headers.first("x-amz-sdk-checksum-algorithm");
        if (sdk == null) return;
        ChecksumAlgorithm named = ChecksumAlgorithm.parse(sdk).orElseThrow(ChecksumHeaders::sdkAlgorithmInvalid);
        Set<ChecksumAlgorithm> values = valuesSent(headers);
        boolean sent = !values.isEmpty();
        boolean same = values.contains(named);
        String trailer = headers.first("x-amz-trailer");
        if (trailer != null && trailer.trim().toLowerCase(Locale.ROOT).startsWith("x-amz-checksum-")) {
            ChecksumAlgorithm a = ChecksumAlgorithm.parse(trailer.trim().substring(15)).orElse(null);
            sent |= a != null;
            same |= a == named;
        }
        if (!sent) {
            throw ErrorCode.INVALID_REQUEST.exception("x-amz-sdk-checksum-algorithm specified, but no corresponding "
                    + "x-amz-checksum-* or x-amz-trailer headers were found.");
        }
        if (!same) throw sdkAlgorithmInvalid();
    }

    /**
     * The algorithms of the {@code x-amz-checksum-<alg>} value headers sent, empty when none: {@code -mode},
     * {@code -type} and {@code -algorithm} carry no value and are not counted. One walk of the headers for
     * every caller that asks "was a checksum value sent" (UB-3, UB-7, BT-5); the hot path lower-cases no name.
     */
    public static Set<ChecksumAlgorithm> valuesSent(HeaderView headers) {
        Set<ChecksumAlgorithm> sent = EnumSet.noneOf(ChecksumAlgorithm.class);
        for (var e : headers.entries()) {
            String raw = e.getKey();
            if (raw.length() < 16 || !raw.regionMatches(true, 0, "x-amz-checksum-", 0, 15)) continue;
            ChecksumAlgorithm.parse(raw.substring(15)).ifPresent(sent::add);
        }
        return sent;
    }

    private static io.cosd.api.error.ApiException sdkAlgorithmInvalid() {
        return ErrorCode.INVALID_REQUEST.exception("Value for x-amz-sdk-checksum-algorithm header is invalid.");
    }

    /**
     * The bytes of a value header {@code x-amz-checksum-<alg>} as sent, for the store to check in its own pass
     * (PutObject and UploadPart, docs/checksums.md); 400 InvalidRequest when not base64 of the algorithm's size.
     */
    public static byte[] value(ChecksumAlgorithm alg, String value) {
        return decode(alg.header(), value.trim(), alg.size());
    }

    /** AWS: a value that is not base64 of the algorithm's size is 400 InvalidRequest naming the header. */
    private static byte[] decode(String name, String v, int size) {
        try {
            byte[] b = Base64.getDecoder().decode(v);
            if (b.length == size) return b;
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw ErrorCode.INVALID_REQUEST.exception("Value for " + name + " header is invalid.");
    }

    private record Expected(String header, byte[] value, ChecksumAlgorithm.Digest hasher) {}

    private static final class Verifying extends ReadThroughStream {
        private final List<Expected> want;
        private boolean checked;

        Verifying(InputStream in, List<Expected> want) {
            super(in);
            this.want = want;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) for (Expected e : want) e.hasher().update(b, off, n);
            if (n < 0 && !checked) {
                checked = true;
                for (Expected e : want) {
                    if (!MessageDigest.isEqual(e.hasher().bytes(), e.value())) {
                        throw ErrorCode.BAD_DIGEST.exception("The " + e.header() + " you specified did not match the calculated checksum.");
                    }
                }
            }
            return n;
        }
    }
}
