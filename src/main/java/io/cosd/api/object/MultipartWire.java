package io.cosd.api.object;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import io.cosd.api.xml.Xml;

import java.util.List;

/** Wire records of the multipart upload API (docs/spec/protocol.md §5.10). */
final class MultipartWire {
    private MultipartWire() {}

    @JacksonXmlRootElement(localName = "InitiateMultipartUploadResult")
    record InitiateResult(@JacksonXmlProperty(localName = "Bucket") String bucket,
                          @JacksonXmlProperty(localName = "Key") String key,
                          @JacksonXmlProperty(localName = "UploadId") String uploadId) {}

    /** One {@code <Part>} of a completion request. ETags arrive quoted (Python, AWS) or bare (COS Java). */
    record CompletePart(@JacksonXmlProperty(localName = "PartNumber") Integer partNumber,
                        @JacksonXmlProperty(localName = "ETag") String etag,
                        @JacksonXmlProperty(localName = "ChecksumCRC32") String crc32,
                        @JacksonXmlProperty(localName = "ChecksumCRC32C") String crc32c,
                        @JacksonXmlProperty(localName = "ChecksumCRC64NVME") String crc64nvme,
                        @JacksonXmlProperty(localName = "ChecksumSHA1") String sha1,
                        @JacksonXmlProperty(localName = "ChecksumSHA256") String sha256) {
        CompletePart(Integer partNumber, String etag) {
            this(partNumber, etag, null, null, null, null, null);
        }

        /** The checksum values the part names (OBJ-K7), by algorithm. */
        java.util.Map<io.cosd.domain.object.ChecksumAlgorithm, String> checksums() {
            var m = new java.util.EnumMap<io.cosd.domain.object.ChecksumAlgorithm, String>(io.cosd.domain.object.ChecksumAlgorithm.class);
            if (crc32 != null) m.put(io.cosd.domain.object.ChecksumAlgorithm.CRC32, crc32);
            if (crc32c != null) m.put(io.cosd.domain.object.ChecksumAlgorithm.CRC32C, crc32c);
            if (crc64nvme != null) m.put(io.cosd.domain.object.ChecksumAlgorithm.CRC64NVME, crc64nvme);
            if (sha1 != null) m.put(io.cosd.domain.object.ChecksumAlgorithm.SHA1, sha1);
            if (sha256 != null) m.put(io.cosd.domain.object.ChecksumAlgorithm.SHA256, sha256);
            return m;
        }
    }

    @JacksonXmlRootElement(localName = "CompleteMultipartUpload")
    record CompleteRequest(@JacksonXmlElementWrapper(useWrapping = false)
                           @JacksonXmlProperty(localName = "Part") List<CompletePart> parts) {
        /** Every Part, even with another element between two of them. */
        static CompleteRequest read(byte[] body) {
            return Xml.readCounted(body, CompleteRequest.class);
        }
    }

    @JacksonXmlRootElement(localName = "CompleteMultipartUploadResult")
    record CompleteResult(@JacksonXmlProperty(localName = "Location") String location,
                          @JacksonXmlProperty(localName = "Bucket") String bucket,
                          @JacksonXmlProperty(localName = "Key") String key,
                          @JacksonXmlProperty(localName = "ETag") String etag,
                          @com.fasterxml.jackson.annotation.JsonUnwrapped ChecksumWire.Values checksum) {}

    @JacksonXmlRootElement(localName = "CopyPartResult")
    record CopyPartResult(@JacksonXmlProperty(localName = "ETag") String etag,
                          @JacksonXmlProperty(localName = "CRC64") String crc64,
                          @JacksonXmlProperty(localName = "LastModified") String lastModified,
                          @com.fasterxml.jackson.annotation.JsonUnwrapped ChecksumWire.Values checksum) {}

    record Principal(@JacksonXmlProperty(localName = "ID") String id,
                     @JacksonXmlProperty(localName = "DisplayName") String displayName) {}

    record Upload(@JacksonXmlProperty(localName = "Key") String key,
                  @JacksonXmlProperty(localName = "UploadId") String uploadId,
                  @JacksonXmlProperty(localName = "StorageClass") String storageClass,
                  @JacksonXmlProperty(localName = "Initiator") Principal initiator,
                  @JacksonXmlProperty(localName = "Owner") Principal owner,
                  @JacksonXmlProperty(localName = "Initiated") String initiated,
                  @JacksonXmlProperty(localName = "ChecksumAlgorithm") String checksumAlgorithm,
                  @JacksonXmlProperty(localName = "ChecksumType") String checksumType) {}

    @JacksonXmlRootElement(localName = "ListMultipartUploadsResult")
    record ListUploadsResult(@JacksonXmlProperty(localName = "Bucket") String bucket,
                             @JacksonXmlProperty(localName = "EncodingType") String encodingType,
                             @JacksonXmlProperty(localName = "KeyMarker") String keyMarker,
                             @JacksonXmlProperty(localName = "UploadIdMarker") String uploadIdMarker,
                             @JacksonXmlProperty(localName = "NextKeyMarker") String nextKeyMarker,
                             @JacksonXmlProperty(localName = "NextUploadIdMarker") String nextUploadIdMarker,
                             @JacksonXmlProperty(localName = "MaxUploads") int maxUploads,
                             @JacksonXmlProperty(localName = "IsTruncated") String isTruncated,
                             @JacksonXmlProperty(localName = "Prefix") String prefix,
                             @JacksonXmlProperty(localName = "Delimiter") String delimiter,
                             @JacksonXmlElementWrapper(useWrapping = false)
                             @JacksonXmlProperty(localName = "Upload") List<Upload> uploads,
                             @JacksonXmlElementWrapper(useWrapping = false)
                             @JacksonXmlProperty(localName = "CommonPrefixes") List<ObjectWire.CommonPrefix> commonPrefixes) {}

    record Part(@JacksonXmlProperty(localName = "PartNumber") int partNumber,
                @JacksonXmlProperty(localName = "LastModified") String lastModified,
                @JacksonXmlProperty(localName = "ETag") String etag,
                @JacksonXmlProperty(localName = "Size") long size,
                @com.fasterxml.jackson.annotation.JsonUnwrapped ChecksumWire.Values checksum) {}

    @JacksonXmlRootElement(localName = "ListPartsResult")
    record ListPartsResult(@JacksonXmlProperty(localName = "Bucket") String bucket,
                           @JacksonXmlProperty(localName = "EncodingType") String encodingType,
                           @JacksonXmlProperty(localName = "Key") String key,
                           @JacksonXmlProperty(localName = "UploadId") String uploadId,
                           @JacksonXmlProperty(localName = "Initiator") Principal initiator,
                           @JacksonXmlProperty(localName = "Owner") Principal owner,
                           @JacksonXmlProperty(localName = "StorageClass") String storageClass,
                           @JacksonXmlProperty(localName = "PartNumberMarker") int partNumberMarker,
                           @JacksonXmlProperty(localName = "NextPartNumberMarker") Integer nextPartNumberMarker,
                           @JacksonXmlProperty(localName = "MaxParts") int maxParts,
                           @JacksonXmlProperty(localName = "IsTruncated") String isTruncated,
                           @JacksonXmlProperty(localName = "ChecksumAlgorithm") String checksumAlgorithm,
                           @JacksonXmlProperty(localName = "ChecksumType") String checksumType,
                           @JacksonXmlElementWrapper(useWrapping = false)
                           @JacksonXmlProperty(localName = "Part") List<Part> parts) {}
}
