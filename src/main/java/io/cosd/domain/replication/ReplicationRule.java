package io.cosd.domain.replication;

/**
 * One rule. {@code prefix} is "" for the whole bucket; {@code storageClass} is the destination
 * class as sent (stored verbatim, REP-A3) or null for "the source object's class".
 * {@code deleteMarkers}: whether delete markers are replicated (COS default Enabled, REP-R3).
 */
public record ReplicationRule(String id, boolean enabled, String prefix, Destination destination, String storageClass,
                              boolean deleteMarkers) {}
