package io.cosd.store.meta;

/** Bucket sub-resource documents stored as canonical validated text, one row per kind. */
public enum ConfigKind { CORS, LIFECYCLE, REPLICATION, POLICY, TAGGING, PUBLIC_ACCESS_BLOCK }
