package io.cosd.api.bucket;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

import java.util.List;

/** Wire records for bucket-level responses (docs/spec/protocol.md §5.1, §5.2). */
final class BucketWire {
    private BucketWire() {}

    record Owner(@JacksonXmlProperty(localName = "ID") String id,
                 @JacksonXmlProperty(localName = "DisplayName") String displayName) {}

    record BucketEntry(@JacksonXmlProperty(localName = "Name") String name,
                       @JacksonXmlProperty(localName = "Location") String location,
                       @JacksonXmlProperty(localName = "CreationDate") String creationDate,
                       @JacksonXmlProperty(localName = "BucketType") String bucketType) {}

    /** {@code <Buckets>} must always be present, even empty (Python indexes it unconditionally). */
    @JacksonXmlRootElement(localName = "ListAllMyBucketsResult")
    record ListAllMyBucketsResult(@JacksonXmlProperty(localName = "Owner") Owner owner,
                                  @JacksonXmlElementWrapper(localName = "Buckets")
                                  @JacksonXmlProperty(localName = "Bucket") List<BucketEntry> buckets,
                                  @JacksonXmlProperty(localName = "Marker") String marker,
                                  @JacksonXmlProperty(localName = "IsTruncated") String isTruncated,
                                  @JacksonXmlProperty(localName = "NextMarker") String nextMarker,
                                  @JacksonXmlProperty(localName = "ContinuationToken") String continuationToken,
                                  @JacksonXmlProperty(localName = "Prefix") String prefix) {}

    @JacksonXmlRootElement(localName = "LocationConstraint")
    record LocationConstraint(@com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlText String value) {}

    /**
     * PUT Bucket body (docs/spec/protocol.md §5.2): COS {@code BucketAZConfig}/{@code BucketArchConfig},
     * S3 {@code LocationConstraint}. Unknown elements are ignored, namespaces too (the AWS SDK sends one).
     */
    @JacksonXmlRootElement(localName = "CreateBucketConfiguration")
    record CreateBucketConfiguration(@JacksonXmlProperty(localName = "BucketAZConfig") String azConfig,
                                     @JacksonXmlProperty(localName = "BucketArchConfig") String archConfig,
                                     @JacksonXmlProperty(localName = "LocationConstraint") String locationConstraint,
                                     /** S3's tags at creation (BT-6), kept as the read tree for BucketTaggingXml.tags. */
                                     @JacksonXmlProperty(localName = "Tags") Object tags) {}
}
