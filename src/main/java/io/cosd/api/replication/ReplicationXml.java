package io.cosd.api.replication;

import io.cosd.api.error.ErrorCode;
import io.cosd.api.xml.Xml;
import io.cosd.api.xml.XmlProblem;
import io.cosd.domain.replication.Destination;
import io.cosd.domain.replication.ReplicationConfiguration;
import io.cosd.domain.replication.ReplicationRule;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * {@code ?replication} XML → a syntactically valid {@link ReplicationConfiguration} and back to the
 * canonical stored document. Checks that need no state happen here (REP-V4..V8, V10, V12); the
 * bucket state checks (REP-V1..V3, unknown region) are the service's. First failing check wins.
 */
public final class ReplicationXml {
    public static final int MAX_BODY = 1024 * 1024;
    static final int MAX_ID = 255;
    /** REP-A3: the destination classes COS documents (ARCHIVE/DEEP_ARCHIVE from the GET page). */
    static final List<String> STORAGE_CLASSES = List.of("STANDARD", "STANDARD_IA", "INTELLIGENT_TIERING", "ARCHIVE", "DEEP_ARCHIVE",
            "MAZ_STANDARD", "MAZ_STANDARD_IA", "MAZ_INTELLIGENT_TIERING");
    private static final List<String> STATUSES = List.of("Enabled", "Disabled");

    private ReplicationXml() {}

    /** @param sourceBucket the bucket being configured (REP-V8) */
    public static ReplicationConfiguration parse(byte[] body, String sourceBucket) {
        // Through a tree, so rules split by Role (or anything else) are all kept; a wrong root is MalformedXML (REP-V6).
        ReplicationWire.Configuration doc = Xml.readCounted(body, ReplicationWire.Configuration.class, "ReplicationConfiguration");
        List<ReplicationWire.Rule> rules = doc.rules() == null ? List.of() : doc.rules().stream().filter(Objects::nonNull).toList();
        // REP-V6: Role and at least one rule are required; at most 1000 rules.
        if (blank(doc.role())) throw XmlProblem.missing("ReplicationConfiguration/Role");
        if (rules.isEmpty()) throw XmlProblem.missing("ReplicationConfiguration/Rule");
        if (rules.size() > ReplicationConfiguration.MAX_RULES) {
            throw XmlProblem.malformed("ReplicationConfiguration/Rule", "at most " + ReplicationConfiguration.MAX_RULES + " rules.");
        }
        List<ReplicationRule> out = new ArrayList<>(rules.size());
        Set<String> ids = new HashSet<>();
        for (ReplicationWire.Rule r : rules) {
            ReplicationRule rule = rule(r, sourceBucket);
            if (rule.id() != null && !ids.add(rule.id())) {
                throw ErrorCode.INVALID_ARGUMENT.exception("Rule Id must be unique."); // REP-V6 duplicate ID
            }
            out.add(rule);
        }
        // REP-V4: COS replicates to exactly one destination bucket.
        if (out.stream().map(x -> x.destination().raw()).distinct().count() > 1) throw ErrorCode.MULTI_BUCKET_NOT_SUPPORT.exception();
        // REP-V5: no prefix may be a prefix of another (an empty prefix overlaps everything).
        for (int i = 0; i < out.size(); i++) {
            for (int j = i + 1; j < out.size(); j++) {
                String a = out.get(i).prefix(), b = out.get(j).prefix();
                if (a.startsWith(b) || b.startsWith(a)) {
                    throw ErrorCode.INVALID_ARGUMENT.exception("Found overlapping prefixes '" + a + "' and '" + b + "'");
                }
            }
        }
        return new ReplicationConfiguration(doc.role().trim(), out);
    }

    private static ReplicationRule rule(ReplicationWire.Rule r, String sourceBucket) {
        String status = r.status() == null ? null : r.status().trim();
        if (status == null) throw XmlProblem.missing("Rule/Status"); // REP-V6
        if (!"Enabled".equals(status) && !"Disabled".equals(status)) throw XmlProblem.notOneOf("Rule/Status", status, STATUSES); // REP-V6
        if (r.destination() == null) throw XmlProblem.missing("Rule/Destination"); // REP-V6
        if (blank(r.destination().bucket())) throw XmlProblem.missing("Rule/Destination/Bucket"); // REP-V6
        if (r.id() != null && r.id().length() > MAX_ID) throw XmlProblem.malformed("Rule/ID", "at most " + MAX_ID + " characters."); // REP-V6
        Destination d = Destination.parse(r.destination().bucket())
                .orElseThrow(() -> ErrorCode.INVALID_ARGUMENT.exception("Rule/Destination/Bucket: invalid destination bucket '" + r.destination().bucket()
                        + "'; expected qcs::cos:<region>::<bucket>-<APPID> or arn:aws:s3:::<bucket>.")); // REP-V7
        if (d.bucket().equals(sourceBucket)) {
            throw ErrorCode.INVALID_REQUEST.exception("Destination bucket cannot be the same as the source bucket."); // REP-V8
        }
        String sc = r.destination().storageClass();
        if (sc != null && !sc.isBlank() && !STORAGE_CLASSES.contains(sc.trim().toUpperCase(Locale.ROOT))) {
            throw XmlProblem.notOneOf(ErrorCode.NOT_SUPPORTED_STORAGE_CLASS, "Rule/Destination/StorageClass", sc, STORAGE_CLASSES); // REP-V10
        }
        String prefix = r.prefix() == null ? "" : r.prefix();
        if (r.filter() != null) {
            // REP-V12 (S3 V2 schema): DeleteMarkerReplication is required with Filter, and must be
            // Disabled when the filter has tags; cosd replicates by prefix only.
            if (r.deleteMarkerReplication() == null) {
                throw ErrorCode.INVALID_REQUEST.exception("DeleteMarkerReplication must be specified for this version of Cross Region Replication configuration schema.");
            }
            if (r.filter().tag() != null || r.filter().and() != null) {
                throw ErrorCode.INVALID_REQUEST.exception("Delete marker replication is not supported if any Tag filter is specified. Please refer to S3 Developer Guide for more information.");
            }
            if (r.filter().prefix() != null) prefix = r.filter().prefix();
        }
        Integer priority = null;
        if (r.priority() != null) {
            try {
                priority = Integer.parseInt(r.priority().trim());
            } catch (NumberFormatException e) {
                priority = -1;
            }
            if (priority < 0) throw XmlProblem.malformed("Rule/Priority", "'" + r.priority() + "' is not a non-negative integer.");
        }
        boolean markers = true; // COS default (REP-R3, REP-V12)
        if (r.deleteMarkerReplication() != null) {
            String s = r.deleteMarkerReplication().status() == null ? null : r.deleteMarkerReplication().status().trim();
            if (!"Enabled".equals(s) && !"Disabled".equals(s)) throw XmlProblem.notOneOf("Rule/DeleteMarkerReplication/Status", s, STATUSES);
            markers = "Enabled".equals(s);
        }
        ReplicationRule.Schema schema = r.filter() == null && priority == null ? ReplicationRule.Schema.V1
                : new ReplicationRule.Schema(r.filter() != null, r.filter() != null && r.filter().prefix() != null, priority);
        return new ReplicationRule(blank(r.id()) ? null : r.id(), "Enabled".equals(status), prefix, d,
                sc == null || sc.isBlank() ? null : sc.trim(), markers, schema);
    }

    /** Reads a stored canonical document. */
    public static ReplicationConfiguration decode(String stored) {
        return parse(stored.getBytes(StandardCharsets.UTF_8), null);
    }

    /**
     * The canonical document, also what GET returns (REP-A1); the storage class verbatim (REP-A3);
     * each rule in the shape it was put in ({@link ReplicationRule.Schema}): Rule/Prefix, or Filter
     * (empty or with its Prefix) and Priority as sent.
     */
    public static String encode(ReplicationConfiguration c) {
        List<ReplicationWire.Rule> rules = c.rules().stream().map(r -> new ReplicationWire.Rule(r.id(),
                r.enabled() ? "Enabled" : "Disabled", r.schema().filter() ? null : r.prefix(),
                r.schema().filter() ? new ReplicationWire.Filter(r.schema().filterPrefix() ? r.prefix() : null, null, null) : null,
                r.schema().priority() == null ? null : r.schema().priority().toString(),
                new ReplicationWire.Destination(r.destination().raw(), r.storageClass()),
                new ReplicationWire.StatusOnly(r.deleteMarkers() ? "Enabled" : "Disabled"))).toList();
        return new String(Xml.write(new ReplicationWire.Configuration(c.role(), rules)), StandardCharsets.UTF_8);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
