package io.cosd.domain.replication;

/**
 * One rule. {@code prefix} is "" for the whole bucket; {@code storageClass} is the destination
 * class as sent (stored verbatim, REP-A3) or null for "the source object's class".
 * {@code deleteMarkers}: whether delete markers are replicated (COS default Enabled, REP-R3).
 * {@code schema}: which of the two rule shapes it was put in, so GET answers in that shape
 * (REP-A1; docs/replication.md "The shape that was put").
 */
public record ReplicationRule(String id, boolean enabled, String prefix, Destination destination, String storageClass,
                              boolean deleteMarkers, Schema schema) {

    /** A rule in the COS (S3 V1) shape: {@code <Prefix>} directly in the rule. */
    public ReplicationRule(String id, boolean enabled, String prefix, Destination destination, String storageClass,
                           boolean deleteMarkers) {
        this(id, enabled, prefix, destination, storageClass, deleteMarkers, Schema.V1);
    }

    public ReplicationRule {
        if (schema == null) schema = Schema.V1;
    }

    /**
     * The rule's shape. V1 (COS, S3 V1): {@code <Prefix>} in the rule. V2 (S3 V2: what the AWS SDKs and
     * Terraform send): {@code <Filter>} (with a {@code <Prefix>} or empty), an optional
     * {@code <Priority>}, and a required {@code <DeleteMarkerReplication>}. Tools that compare
     * desired with actual state see drift unless GET answers in the shape that was put.
     */
    public record Schema(boolean filter, boolean filterPrefix, Integer priority) {
        public static final Schema V1 = new Schema(false, false, null);
    }
}
