package io.cosd.service;

import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.StorageClass;

import java.util.Map;

/**
 * A new object's attributes.
 *
 * @param expectedLength declared body length, or -1 when unknown (chunked)
 * @param contentMd5     decoded Content-MD5 (16 bytes) or null
 */
public record PutCommand(String bucket, String key, long expectedLength, byte[] contentMd5, StorageClass storageClass,
                         ContentHeaders content, Map<String, String> userMetadata, Map<String, String> tags) {}
