package io.cosd.api.replication;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

import java.util.List;

/**
 * The {@code ?replication} document (docs/spec/protocol.md §5.6) in both directions. Values are read as
 * text so validation can tell "missing" from "wrong". {@code Filter}/{@code Priority} are the S3 V2
 * schema, accepted for S3 clients (REP-V12).
 */
final class ReplicationWire {
    private ReplicationWire() {}

    @JacksonXmlRootElement(localName = "ReplicationConfiguration")
    @JsonPropertyOrder({"role", "rules"})
    record Configuration(@JacksonXmlProperty(localName = "Role") String role,
                         @JacksonXmlElementWrapper(useWrapping = false)
                         @JacksonXmlProperty(localName = "Rule") List<Rule> rules) {}

    /** Output order as COS documents it: ID, Status, Prefix, Destination, DeleteMarkerReplication. */
    @JsonPropertyOrder({"id", "status", "prefix", "filter", "priority", "destination", "deleteMarkerReplication"})
    record Rule(@JacksonXmlProperty(localName = "ID") String id,
                @JacksonXmlProperty(localName = "Status") String status,
                @JacksonXmlProperty(localName = "Prefix") String prefix,
                @JacksonXmlProperty(localName = "Filter") Filter filter,
                @JacksonXmlProperty(localName = "Priority") String priority,
                @JacksonXmlProperty(localName = "Destination") Destination destination,
                @JacksonXmlProperty(localName = "DeleteMarkerReplication") StatusOnly deleteMarkerReplication) {}

    record Filter(@JacksonXmlProperty(localName = "Prefix") String prefix,
                  @JacksonXmlProperty(localName = "Tag") Object tag,
                  @JacksonXmlProperty(localName = "And") Object and) {}

    @JsonPropertyOrder({"bucket", "storageClass"})
    record Destination(@JacksonXmlProperty(localName = "Bucket") String bucket,
                       @JacksonXmlProperty(localName = "StorageClass") String storageClass) {}

    record StatusOnly(@JacksonXmlProperty(localName = "Status") String status) {}
}
