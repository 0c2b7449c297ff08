package io.cosd.domain.bucket;

/** A bucket is never-versioned ({@code UNVERSIONED}), Enabled or Suspended; it never goes back to unversioned. */
public enum VersioningState { UNVERSIONED, ENABLED, SUSPENDED }
