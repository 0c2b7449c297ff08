package io.cosd.api.encryption;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.xml.Xml;
import io.cosd.api.xml.XmlProblem;
import io.cosd.domain.kms.KeyNames;
import io.cosd.domain.sse.BucketEncryption;
import io.cosd.domain.sse.SseMode;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code ?encryption} document in both dialects (docs/encryption.md "Bucket default
 * encryption", SSE-D1, SSE-D3, SSE-D4):
 * <pre>
 * &lt;ServerSideEncryptionConfiguration&gt;&lt;Rule&gt;
 *   &lt;ApplyServerSideEncryptionByDefault&gt;&lt;SSEAlgorithm&gt;…&lt;/SSEAlgorithm&gt;&lt;KMSMasterKeyID&gt;…&lt;/KMSMasterKeyID&gt;&lt;/ApplyServerSideEncryptionByDefault&gt;
 *   &lt;BucketKeyEnabled&gt;true|false&lt;/BucketKeyEnabled&gt;
 * &lt;/Rule&gt;&lt;/ServerSideEncryptionConfiguration&gt;
 * </pre>
 * S3 names the algorithms {@code AES256} and {@code aws:kms} (PutBucketEncryption), COS {@code AES256}
 * and {@code KMS} (PUT Bucket encryption; the COS Java SDK's {@code SetBucketEncryptionRequest} also
 * sends {@code BucketKeyEnabled} and {@code KMSAlgorithm}). Each dialect reads its own names and
 * answers with them.
 */
final class EncryptionXml {
    /** One rule with a few short values. */
    static final int MAX_BODY = 16 * 1024;
    static final String ROOT = "ServerSideEncryptionConfiguration";
    private static final String RULE = ROOT + "/Rule";
    private static final String APPLY = RULE + "/ApplyServerSideEncryptionByDefault";

    private EncryptionXml() {}

    @JacksonXmlRootElement(localName = ROOT)
    record Wire(@JacksonXmlProperty(localName = "Rule") WireRule rule) {}

    @JsonPropertyOrder({"apply", "bucketKeyEnabled"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record WireRule(@JacksonXmlProperty(localName = "ApplyServerSideEncryptionByDefault") Apply apply,
                    @JacksonXmlProperty(localName = "BucketKeyEnabled") Boolean bucketKeyEnabled) {}

    @JsonPropertyOrder({"sseAlgorithm", "kmsMasterKeyId"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Apply(@JacksonXmlProperty(localName = "SSEAlgorithm") String sseAlgorithm,
                 @JacksonXmlProperty(localName = "KMSMasterKeyID") String kmsMasterKeyId) {}

    static String algorithm(Dialect d, SseMode m) {
        return m == SseMode.SSE_S3 ? "AES256" : d == Dialect.COS ? "KMS" : "aws:kms";
    }

    /**
     * SSE-D1: exactly one Rule holding exactly one ApplyServerSideEncryptionByDefault with one
     * SSEAlgorithm of the dialect; an unknown element or algorithm is 400 MalformedXML (S3 validates the
     * document against its schema), a KMSMasterKeyID with AES256 400 InvalidArgument (SSE-D3), a key
     * reference in none of the KMS-2 forms 400 KMS.NotFoundException; what names a feature cosd does
     * not build (S3's {@code aws:kms:dsse} and {@code BlockedEncryptionTypes}, COS's {@code SM4} and
     * {@code KMSAlgorithm}) 501 NotImplemented (UB-5).
     */
    static BucketEncryption parse(Dialect d, byte[] body) {
        Map<?, ?> doc = Xml.readCounted(body, Map.class, ROOT);
        Map<?, ?> rule = one(doc, ROOT, "Rule", Set.of("Rule"));
        known(rule, RULE, Set.of("ApplyServerSideEncryptionByDefault", "BucketKeyEnabled", "BlockedEncryptionTypes"));
        if (rule.containsKey("BlockedEncryptionTypes")) throw notBuilt(RULE + "/BlockedEncryptionTypes");
        Map<?, ?> apply = one(rule, RULE, "ApplyServerSideEncryptionByDefault", null);
        known(apply, APPLY, Set.of("SSEAlgorithm", "KMSMasterKeyID", "KMSAlgorithm"));
        if (apply.containsKey("KMSAlgorithm")) throw notBuilt(APPLY + "/KMSAlgorithm");
        String algorithm = text(apply, APPLY, "SSEAlgorithm");
        if (algorithm == null) throw XmlProblem.missing(APPLY + "/SSEAlgorithm");
        String key = text(apply, APPLY, "KMSMasterKeyID");
        String bucketKey = text(rule, RULE, "BucketKeyEnabled");
        boolean bk = bucketKey != null && switch (bucketKey) {
            case "true" -> true;
            case "false" -> false;
            default -> throw XmlProblem.notOneOf(RULE + "/BucketKeyEnabled", bucketKey, List.of("true", "false"));
        };
        SseMode mode = mode(d, algorithm);
        if (mode == SseMode.SSE_S3) {
            if (key != null) throw ErrorCode.INVALID_ARGUMENT.exception("a KMSMasterKeyID is not applicable if the default sse algorithm is not "
                    + algorithm(d, SseMode.SSE_KMS) + ".");
            return new BucketEncryption(SseMode.SSE_S3, null, bk);
        }
        // SSE-D3: no key id means the deployment's default key (KMS-9), as AWS's aws/s3 and COS's own CMK.
        if (key == null || key.isEmpty()) return new BucketEncryption(SseMode.SSE_KMS, null, bk);
        if (KeyNames.lookupName(key) == null) throw ErrorCode.KMS_NOT_FOUND.exception("Invalid keyId '" + key + "'.");
        return new BucketEncryption(SseMode.SSE_KMS, key, bk);
    }

    private static SseMode mode(Dialect d, String algorithm) {
        if (algorithm.equals("AES256")) return SseMode.SSE_S3;
        if (algorithm.equals(algorithm(d, SseMode.SSE_KMS))) return SseMode.SSE_KMS;
        if (d == Dialect.S3 && algorithm.equals("aws:kms:dsse")) throw notBuilt(APPLY + "/SSEAlgorithm aws:kms:dsse (dual-layer SSE-KMS)");
        // COS documents SSEAlgorithm AES256 | KMS | SM4 (SSE-COS with the SM4 cipher): a valid COS
        // document naming a cipher cosd does not build is 501, not malformed (UB-5).
        if (d == Dialect.COS && algorithm.equals("SM4")) throw notBuilt(APPLY + "/SSEAlgorithm SM4 (SSE-COS with the SM4 cipher)");
        throw XmlProblem.notOneOf(APPLY + "/SSEAlgorithm", algorithm, List.of("AES256", algorithm(d, SseMode.SSE_KMS)));
    }

    /**
     * SSE-D2: the stored default in the dialect's names. S3 always says BucketKeyEnabled (AWS does);
     * COS only when it is on.
     */
    static byte[] write(Dialect d, BucketEncryption e) {
        Boolean bk = d == Dialect.S3 || e.bucketKey() ? e.bucketKey() : null;
        return Xml.write(new Wire(new WireRule(new Apply(algorithm(d, e.mode()), e.kmsKeyId()), bk)));
    }

    private static Map<?, ?> one(Map<?, ?> parent, String where, String name, Set<String> allowed) {
        if (allowed != null) known(parent, where, allowed);
        Object v = parent.get(name);
        String path = where + "/" + name;
        if (v == null) throw XmlProblem.missing(path);
        if (v instanceof List<?>) throw XmlProblem.repeated(path);
        if (!(v instanceof Map<?, ?> m)) throw XmlProblem.malformed(path, "expected elements.");
        return m;
    }

    private static void known(Map<?, ?> element, String where, Set<String> allowed) {
        for (Object name : element.keySet()) {
            if (!allowed.contains(name)) throw XmlProblem.malformed(where + "/" + name, "unknown element.");
        }
    }

    private static String text(Map<?, ?> parent, String where, String name) {
        Object v = parent.get(name);
        if (v == null) return null;
        String path = where + "/" + name;
        if (v instanceof List<?>) throw XmlProblem.repeated(path);
        if (!(v instanceof String s)) throw XmlProblem.malformed(path, "unexpected content (elements where text was expected).");
        return s.trim();
    }

    private static RuntimeException notBuilt(String what) {
        return ErrorCode.NOT_IMPLEMENTED.exception("A document element you provided implies functionality that is not implemented: "
                + what + " (see docs/encryption.md).");
    }
}
