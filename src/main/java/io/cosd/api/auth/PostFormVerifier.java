package io.cosd.api.auth;

import io.cosd.api.error.ErrorCode;
import io.cosd.domain.identity.AccessKey;
import io.cosd.domain.signing.Hashes;
import io.cosd.domain.signing.SigV2Signer;
import io.cosd.domain.signing.SigV4Signer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * The signature of a POST Object form (docs/post-object.md "Signatures"). The signed string is the
 * policy document and nothing else, so the policy's conditions are what binds the form's fields
 * (AUTH-P1); the signature only says who vouches for that policy:
 * <ul>
 *   <li>q-sign: {@code q-signature = hex(HMAC-SHA1(hex(HMAC-SHA1(SecretKey, q-key-time)), hex(SHA1(policy JSON))))},
 *       as COS's own SDK (COSSigner.buildPostObjectSignature) computes it; its q-key-time bounded as the header
 *       form's (AUTH-6): not ended, not starting ahead of the clock by more than the skew allowance, at most
 *       --qsign-max-window long;</li>
 *   <li>SigV4: {@code x-amz-signature = hex(HMAC-SHA256(SigningKey(date, region, s3), base64 policy))},
 *       the credential scope checked as for headers (AUTH-5), and its lifetime bounded by the server (AUTH-P3):
 *       x-amz-date no later than now plus the skew allowance, and both now and the policy's expiration within
 *       --qsign-max-window (plus that allowance) of x-amz-date, as every q-sign is (AUTH-6);</li>
 *   <li>SigV2 (unless --sigv2 off): {@code signature = base64(HMAC-SHA1(SecretKey, base64 policy))} with
 *       {@code AWSAccessKeyId}, its policy's expiration at most --qsign-max-window ahead (AUTH-P4).</li>
 * </ul>
 */
final class PostFormVerifier {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private PostFormVerifier() {}

    /**
     * @param field         a form field by lower-case name, null when absent
     * @param keys          active key lookup (InvalidAccessKeyId for an unknown one)
     * @param expiration    the policy's expiration, null without a policy
     * @return the signing key, or null when the form carries no signature at all (anonymous)
     */
    static AccessKey verify(Function<String, String> field, String policyBase64, String policyJson, Instant expiration, Instant now,
                            AuthSettings settings, Function<String, AccessKey> cosKeys, Function<String, AccessKey> awsKeys) {
        boolean cos = field.apply("q-signature") != null || field.apply("q-ak") != null || field.apply("q-sign-algorithm") != null;
        boolean v4 = field.apply("x-amz-signature") != null || field.apply("x-amz-credential") != null || field.apply("x-amz-algorithm") != null;
        boolean v2 = field.apply("awsaccesskeyid") != null || field.apply("signature") != null;
        // One signature per form: the fields of another scheme beside it would be exempt from the policy and unverified (UB-1).
        if ((cos ? 1 : 0) + (v4 ? 1 : 0) + (v2 ? 1 : 0) > 1) {
            throw ErrorCode.INVALID_ARGUMENT.exception("The form carries the fields of more than one signature "
                    + "(q-sign, AWS4-HMAC-SHA256, AWSAccessKeyId/signature); sign it once.");
        }
        if (cos) return cos(field, policyJson, now, settings, cosKeys);
        if (v4) return sigV4(field, policyBase64, expiration, now, settings, awsKeys);
        if (v2) {
            // With --sigv2 off refused as SigV2 headers and presigned URLs are then, never served as anonymous (UB-6).
            if (!settings.sigV2()) {
                throw ErrorCode.INVALID_REQUEST.exception("The authorization mechanism you have provided is not supported "
                        + "(Signature Version 2 form fields). Use q-sign or AWS4-HMAC-SHA256 (SigV4) form fields.");
            }
            return sigV2(field, policyBase64, expiration, now, settings, awsKeys);
        }
        return null;
    }

    /**
     * S3's SigV2 form: {@code signature = base64(HMAC-SHA1(SecretKey, policy field as sent))}, compared in
     * constant time (AUTH-10). The form carries no signing time, so its lifetime is bounded through the
     * policy's expiration (AUTH-P4): it may lie at most --qsign-max-window plus the skew allowance ahead of now.
     */
    private static AccessKey sigV2(Function<String, String> field, String policyBase64, Instant expiration, Instant now,
                                   AuthSettings settings, Function<String, AccessKey> keys) {
        String ak = required(field, "awsaccesskeyid", "AWSAccessKeyId"), signature = required(field, "signature", "signature");
        if (policyBase64 == null) throw missingPolicy();
        v2Lifetime(expiration, now, settings);
        AccessKey key = keys.apply(ak.trim());
        if (!SigV2Signer.signatureEquals(SigV2Signer.sign(key.secretKey(), policyBase64), signature)) {
            throw ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception();
        }
        return key;
    }

    /**
     * AUTH-P4: a SigV2 form names no time it was signed, only the policy's expiration, the signer's choice.
     * The server bounds what it can see: a policy expiring further than --qsign-max-window (plus the skew
     * allowance) from now is refused, so no SigV2 form is usable for longer than any other signature from
     * the moment it is accepted (AUTH-6, AUTH-10). An expired policy is refused by the policy check (AUTH-P1).
     */
    static void v2Lifetime(Instant expiration, Instant now, AuthSettings settings) {
        Instant latest = now.plus(settings.maxQSignWindow()).plus(Authenticator.DEFAULT_MAX_SKEW);
        if (expiration != null && expiration.isAfter(latest)) {
            throw ErrorCode.ACCESS_DENIED.exception("Invalid according to Policy: the policy's expiration lies more than "
                    + settings.maxQSignWindow().toSeconds() + " seconds ahead, longer than this server accepts for a "
                    + "Signature Version 2 form.");
        }
    }

    private static AccessKey cos(Function<String, String> field, String policyJson, Instant now, AuthSettings settings,
                                 Function<String, AccessKey> keys) {
        String alg = required(field, "q-sign-algorithm"), ak = required(field, "q-ak");
        String keyTime = required(field, "q-key-time"), signature = required(field, "q-signature");
        if (policyJson == null) throw missingPolicy();
        if (!alg.equalsIgnoreCase("sha1")) throw ErrorCode.INVALID_ARGUMENT.exception("q-sign-algorithm must be sha1.");
        long[] window = CosAuthorization.window(keyTime);
        if (now.getEpochSecond() > window[1]) throw ErrorCode.REQUEST_EXPIRED.exception("Request has expired");
        // AUTH-6, AUTH-P3: a window starting ahead of the clock is refused as in the header form (403
        // RequestTimeTooSkewed, same allowance); else a form signed for next month would be usable from now
        // until then, and --qsign-max-window would bound nothing.
        if (Instant.ofEpochSecond(window[0]).isAfter(now.plus(Authenticator.DEFAULT_MAX_SKEW))) {
            throw ErrorCode.REQUEST_TIME_TOO_SKEWED.exception();
        }
        // AUTH-6 as for every q-sign: a bounded key window (with the skew allowance the header form gets).
        if (window[1] - window[0] > settings.maxQSignWindow().plus(Authenticator.DEFAULT_MAX_SKEW).toSeconds()) {
            throw ErrorCode.ACCESS_DENIED.exception("The q-key-time window is longer than the "
                    + settings.maxQSignWindow().toSeconds() + " seconds this server accepts.");
        }
        AccessKey key = keys.apply(ak);
        String signKey = Hashes.hex(Hashes.hmacSha1(key.secretKey().getBytes(StandardCharsets.UTF_8), keyTime));
        String expected = Hashes.hex(Hashes.hmacSha1(signKey.getBytes(StandardCharsets.US_ASCII), Hashes.sha1Hex(policyJson)));
        if (!Hashes.hexEquals(expected, signature.trim())) throw ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception();
        return key;
    }

    private static AccessKey sigV4(Function<String, String> field, String policyBase64, Instant expiration, Instant now, AuthSettings settings,
                                   Function<String, AccessKey> keys) {
        String alg = required(field, "x-amz-algorithm"), credential = required(field, "x-amz-credential");
        String date = required(field, "x-amz-date"), signature = required(field, "x-amz-signature");
        if (policyBase64 == null) throw missingPolicy();
        if (!SigV4Signer.ALGORITHM.equals(alg)) throw ErrorCode.INVALID_ARGUMENT.exception("x-amz-algorithm must be AWS4-HMAC-SHA256.");
        String[] scope = credential.split("/", -1);
        if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Invalid x-amz-credential: " + credential);
        }
        // AUTH-5: the scope must name this deployment's region and s3, as for headers.
        if (!settings.acceptsRegion(scope[2])) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Invalid x-amz-credential: the region '" + scope[2] + "' is wrong; expecting '"
                    + settings.region() + "'");
        }
        if (!"s3".equals(scope[3])) throw ErrorCode.INVALID_ARGUMENT.exception("Invalid x-amz-credential: incorrect service '" + scope[3] + "'.");
        Instant signed;
        try {
            signed = Instant.from(AMZ_DATE.parse(date));
        } catch (DateTimeParseException e) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Invalid x-amz-date: " + date);
        }
        if (!date.startsWith(scope[1])) throw ErrorCode.INVALID_ARGUMENT.exception("x-amz-date does not match the credential's date.");
        lifetime(signed, expiration, now, settings);
        AccessKey key = keys.apply(scope[0]);
        String expected = SigV4Signer.key(key.secretKey(), scope[1], scope[2], scope[3]).sign(policyBase64);
        if (!Hashes.hexEquals(expected, signature.trim())) throw ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception();
        return key;
    }

    /**
     * AUTH-P3: a SigV4 form signs no lifetime the server bounds (the policy's expiration is the signer's
     * choice), so it gets the one every q-sign gets (AUTH-6): from x-amz-date, neither now nor the policy's
     * expiration may lie further than --qsign-max-window plus the skew allowance, and x-amz-date may not
     * lie ahead of now by more than that allowance (else a future date would stretch the window).
     * The messages are S3's for a presigned request outside its window and for an expired policy.
     */
    static void lifetime(Instant signed, Instant expiration, Instant now, AuthSettings settings) {
        Duration skew = Authenticator.DEFAULT_MAX_SKEW;
        Instant latest = signed.plus(settings.maxQSignWindow()).plus(skew);
        if (signed.isAfter(now.plus(skew))) throw ErrorCode.ACCESS_DENIED.exception("Request is not valid yet");
        if (now.isAfter(latest)) throw ErrorCode.REQUEST_EXPIRED.exception("Request has expired");
        if (expiration != null && expiration.isAfter(latest)) {
            throw ErrorCode.ACCESS_DENIED.exception("Invalid according to Policy: Policy expired.");
        }
    }

    private static String required(Function<String, String> field, String name) {
        return required(field, name, name);
    }

    /** @param shown the field's name as S3 spells it in the message */
    private static String required(Function<String, String> field, String name, String shown) {
        String v = field.apply(name);
        if (v == null || v.isEmpty()) throw ErrorCode.INVALID_ARGUMENT.exception("Bucket POST must contain a field named '" + shown + "'.");
        return v;
    }

    private static RuntimeException missingPolicy() {
        return ErrorCode.INVALID_ARGUMENT.exception(
                "Bucket POST must contain a field named 'policy'. If it is specified, please check the order of the fields.");
    }
}
