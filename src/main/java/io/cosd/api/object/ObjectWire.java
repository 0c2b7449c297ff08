package io.cosd.api.object;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import io.cosd.api.xml.Xml;

import java.util.List;

/** Wire records for object-level requests and responses (docs/spec/protocol.md §5.8, §5.9). */
final class ObjectWire {
    private ObjectWire() {}

    record Owner(@JacksonXmlProperty(localName = "ID") String id,
                 @JacksonXmlProperty(localName = "DisplayName") String displayName) {}

    record Contents(@JacksonXmlProperty(localName = "Key") String key,
                    @JacksonXmlProperty(localName = "LastModified") String lastModified,
                    @JacksonXmlProperty(localName = "ETag") String etag,
                    @JacksonXmlProperty(localName = "Size") long size,
                    @JacksonXmlProperty(localName = "Owner") Owner owner,
                    @JacksonXmlProperty(localName = "StorageClass") String storageClass,
                    @JacksonXmlProperty(localName = "ChecksumAlgorithm") String checksumAlgorithm,
                    @JacksonXmlProperty(localName = "ChecksumType") String checksumType) {
        Contents(String key, String lastModified, String etag, long size, Owner owner, String storageClass) {
            this(key, lastModified, etag, size, owner, storageClass, null, null);
        }
    }

    record CommonPrefix(@JacksonXmlProperty(localName = "Prefix") String prefix) {}

    @JacksonXmlRootElement(localName = "ListBucketResult")
    record ListBucketResult(@JacksonXmlProperty(localName = "Name") String name,
                            @JacksonXmlProperty(localName = "EncodingType") String encodingType,
                            @JacksonXmlProperty(localName = "Prefix") String prefix,
                            @JacksonXmlProperty(localName = "Marker") String marker,
                            @JacksonXmlProperty(localName = "MaxKeys") int maxKeys,
                            @JacksonXmlProperty(localName = "Delimiter") String delimiter,
                            @JacksonXmlProperty(localName = "IsTruncated") String isTruncated,
                            @JacksonXmlProperty(localName = "NextMarker") String nextMarker,
                            @JacksonXmlElementWrapper(useWrapping = false)
                            @JacksonXmlProperty(localName = "CommonPrefixes") List<CommonPrefix> commonPrefixes,
                            @JacksonXmlElementWrapper(useWrapping = false)
                            @JacksonXmlProperty(localName = "Contents") List<Contents> contents) {}

    @JacksonXmlRootElement(localName = "ListBucketResult")
    record ListBucketResultV2(@JacksonXmlProperty(localName = "Name") String name,
                              @JacksonXmlProperty(localName = "EncodingType") String encodingType,
                              @JacksonXmlProperty(localName = "Prefix") String prefix,
                              @JacksonXmlProperty(localName = "StartAfter") String startAfter,
                              @JacksonXmlProperty(localName = "ContinuationToken") String continuationToken,
                              @JacksonXmlProperty(localName = "NextContinuationToken") String nextContinuationToken,
                              @JacksonXmlProperty(localName = "KeyCount") int keyCount,
                              @JacksonXmlProperty(localName = "MaxKeys") int maxKeys,
                              @JacksonXmlProperty(localName = "Delimiter") String delimiter,
                              @JacksonXmlProperty(localName = "IsTruncated") String isTruncated,
                              @JacksonXmlElementWrapper(useWrapping = false)
                              @JacksonXmlProperty(localName = "CommonPrefixes") List<CommonPrefix> commonPrefixes,
                              @JacksonXmlElementWrapper(useWrapping = false)
                              @JacksonXmlProperty(localName = "Contents") List<Contents> contents) {}

    @JacksonXmlRootElement(localName = "CopyObjectResult")
    record CopyObjectResult(@JacksonXmlProperty(localName = "ETag") String etag,
                            @JacksonXmlProperty(localName = "CRC64") String crc64,
                            @JacksonXmlProperty(localName = "LastModified") String lastModified,
                            @JacksonXmlProperty(localName = "VersionId") String versionId,
                            @com.fasterxml.jackson.annotation.JsonUnwrapped ChecksumWire.Values checksum) {
        CopyObjectResult(String etag, String crc64, String lastModified, String versionId) {
            this(etag, crc64, lastModified, versionId, null);
        }
    }

    /** ETag, LastModifiedTime and Size: a conditional delete of that entry (OBJ-CD1). */
    record ObjectId(@JacksonXmlProperty(localName = "Key") String key,
                    @JacksonXmlProperty(localName = "VersionId") String versionId,
                    @JacksonXmlProperty(localName = "ETag") String etag,
                    @JacksonXmlProperty(localName = "LastModifiedTime") String lastModifiedTime,
                    @JacksonXmlProperty(localName = "Size") String size) {}

    @JacksonXmlRootElement(localName = "Delete")
    record DeleteRequest(@JacksonXmlProperty(localName = "Quiet") String quiet,
                         @JacksonXmlElementWrapper(useWrapping = false)
                         @JacksonXmlProperty(localName = "Object") List<ObjectId> objects) {
        /** Every Object, even with Quiet (or anything) between two of them. */
        static DeleteRequest read(byte[] body) {
            return Xml.readCounted(body, DeleteRequest.class);
        }
    }

    /** VER-D7: DeleteMarker/DeleteMarkerVersionId when a marker was created or removed. */
    record Deleted(@JacksonXmlProperty(localName = "Key") String key,
                   @JacksonXmlProperty(localName = "VersionId") String versionId,
                   @JacksonXmlProperty(localName = "DeleteMarker") String deleteMarker,
                   @JacksonXmlProperty(localName = "DeleteMarkerVersionId") String deleteMarkerVersionId) {}

    record DeleteError(@JacksonXmlProperty(localName = "Key") String key,
                       @JacksonXmlProperty(localName = "VersionId") String versionId,
                       @JacksonXmlProperty(localName = "Code") String code,
                       @JacksonXmlProperty(localName = "Message") String message) {}

    @JacksonXmlRootElement(localName = "DeleteResult")
    record DeleteResult(@JacksonXmlElementWrapper(useWrapping = false)
                        @JacksonXmlProperty(localName = "Deleted") List<Deleted> deleted,
                        @JacksonXmlElementWrapper(useWrapping = false)
                        @JacksonXmlProperty(localName = "Error") List<DeleteError> errors) {}
}
