package io.cosd.service;

/** What read checks and the scrubber report (metrics; docs/storage.md "Read integrity and scrubbing"). No-ops by default. */
public interface IntegrityEvents {
    IntegrityEvents NONE = new IntegrityEvents() {};

    /** A GET, HEAD or copy refused to serve a version: {@code kind} is missing, size or marked (docs/storage.md ST-I4). */
    default void readFailure(String kind) {}

    /** The scrubber verified one version (damaged or not) and read {@code bytes} of it. */
    default void scrubbed(long bytes) {}

    /** The scrubber found a damaged version: {@code kind} is missing, size, crc64 or md5. */
    default void damageFound(String kind) {}
}
