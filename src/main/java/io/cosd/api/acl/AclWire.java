package io.cosd.api.acl;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cosd.api.dialect.Dialect;
import io.cosd.api.dialect.Owners;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.xml.Xml;
import io.cosd.api.xml.XmlProblem;
import io.cosd.domain.acl.Acl;
import io.cosd.domain.acl.Grant;
import io.cosd.domain.acl.Grantee;
import io.cosd.domain.acl.Permission;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code AccessControlPolicy} document of PUT/GET {@code ?acl} (docs/acl.md "The document",
 * ACL-X1..X3): Owner, AccessControlList/Grant/Grantee ({@code xsi:type} CanonicalUser or Group)
 * and Permission, in the COS form (CAM ids, cam.qcloud.com group URIs) or the S3 form (canonical
 * ids, acs.amazonaws.com URIs). Wire records here, {@link Acl} in the domain.
 */
final class AclWire {
    static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    private AclWire() {}

    // Request side: every element a list of its occurrences (Xml.readCounted).
    record Policy(@JsonProperty("Owner") List<OwnerW> owner,
                  @JsonProperty("AccessControlList") List<ListW> list) {}

    record OwnerW(@JsonProperty("ID") List<String> id, @JsonProperty("DisplayName") List<String> displayName) {}

    record ListW(@JsonProperty("Grant") List<GrantW> grants) {}

    record GrantW(@JsonProperty("Grantee") List<GranteeW> grantee, @JsonProperty("Permission") List<String> permission) {}

    /** {@code type} is the {@code xsi:type} attribute: attributes bind by local name. */
    record GranteeW(@JsonProperty("type") List<String> type, @JsonProperty("ID") List<String> id,
                    @JsonProperty("URI") List<String> uri, @JsonProperty("EmailAddress") List<String> email,
                    @JsonProperty("DisplayName") List<String> displayName) {}

    /**
     * The grants of a document (ACL-X2). The Owner element is not read: an ACL never changes the
     * owner (ACL-X3).
     *
     * @param resolver an ID → its account, or null when it names none cosd knows (400 InvalidArgument)
     * @param byEmail  an EmailAddress → its account; refuses an unknown one itself (ACL-H3)
     */
    static List<Grant> read(byte[] body, Function<String, Grantee> resolver, Function<String, Grantee> byEmail) {
        Policy p = Xml.readCounted(body, Policy.class, "AccessControlPolicy");
        if (p.list() == null || p.list().isEmpty()) throw XmlProblem.missing("AccessControlPolicy/AccessControlList");
        if (p.list().size() > 1) throw XmlProblem.repeated("AccessControlPolicy/AccessControlList");
        if (p.owner() != null && p.owner().size() > 1) throw XmlProblem.repeated("AccessControlPolicy/Owner");
        List<GrantW> in = p.list().get(0) == null || p.list().get(0).grants() == null ? List.of() : p.list().get(0).grants();
        if (in.size() > Acl.MAX_GRANTS) throw ErrorCode.MALFORMED_XML.exception("An ACL holds at most " + Acl.MAX_GRANTS + " grants.");
        List<Grant> out = new ArrayList<>(in.size());
        for (GrantW g : in) {
            if (g == null || g.grantee() == null || g.grantee().isEmpty()) throw XmlProblem.missing("AccessControlList/Grant/Grantee");
            if (g.permission() == null || g.permission().isEmpty()) throw XmlProblem.missing("AccessControlList/Grant/Permission");
            if (g.grantee().size() > 1) throw XmlProblem.repeated("AccessControlList/Grant/Grantee");
            if (g.permission().size() > 1) throw XmlProblem.repeated("AccessControlList/Grant/Permission");
            Permission perm = permission(g.permission().get(0));
            out.add(new Grant(grantee(g.grantee().get(0), resolver, byEmail), perm));
        }
        return out;
    }

    private static Permission permission(String s) {
        for (Permission p : Permission.values()) if (p.name().equals(s == null ? "" : s.trim())) return p;
        throw XmlProblem.notOneOf("AccessControlList/Grant/Permission", s,
                List.of("READ", "WRITE", "READ_ACP", "WRITE_ACP", "FULL_CONTROL"));
    }

    private static Grantee grantee(GranteeW g, Function<String, Grantee> resolver, Function<String, Grantee> byEmail) {
        String type = one(g.type());
        String id = one(g.id()), uri = one(g.uri()), email = one(g.email());
        if ("AmazonCustomerByEmail".equals(type) || email != null) {
            // ACL-H3: resolved to the account now and stored as its grant, as S3 does; GET answers a CanonicalUser.
            // An address beside an ID or URI, or under another type, is refused: neither may be ignored (UB-1).
            if (email == null) throw XmlProblem.missing("AccessControlList/Grant/Grantee/EmailAddress");
            if (id != null || uri != null || (type != null && !type.equals("AmazonCustomerByEmail"))) {
                throw ErrorCode.MALFORMED_XML.exception("A Grantee with an EmailAddress is xsi:type AmazonCustomerByEmail and names nothing else.");
            }
            return byEmail.apply(email.trim());
        }
        // An ID beside a URI names two grantees in one: refused, never half-read (UB-1).
        if (uri != null && id != null) {
            throw ErrorCode.MALFORMED_XML.exception("A Grantee names either an ID (CanonicalUser) or a URI (Group), not both.");
        }
        if (uri != null && (type == null || type.equals("Group"))) {
            Grantee grp = Grantee.fromUri(uri.trim());
            if (grp == null) throw ErrorCode.INVALID_ARGUMENT.exception("Invalid group uri: " + uri);
            return grp;
        }
        // The COS Java SDK sends an account (UinGrantee) as xsi:type="RootAccount" (AclXmlFactory); GET answers CanonicalUser, which it reads.
        if (id != null && (type == null || type.equals("CanonicalUser") || type.equals("RootAccount"))) {
            Grantee r = resolver.apply(id.trim());
            if (r == null) throw ErrorCode.INVALID_ARGUMENT.exception("Invalid id: " + id);
            return r;
        }
        throw ErrorCode.MALFORMED_XML.exception("A Grantee needs xsi:type CanonicalUser (or RootAccount) with an ID or Group with a URI.");
    }

    private static String one(List<String> l) {
        if (l == null || l.isEmpty()) return null;
        if (l.size() > 1) throw XmlProblem.repeated("AccessControlList/Grant/Grantee/*");
        return l.get(0);
    }

    /** The document for {@code acl} in {@code dialect} (ACL-X1). */
    static byte[] write(Acl acl, Dialect dialect) {
        StringWriter sw = new StringWriter();
        try {
            XMLStreamWriter w = Xml.output().createXMLStreamWriter(sw);
            w.writeStartElement("AccessControlPolicy");
            Owners.Name owner = Owners.owner(dialect, acl.ownerUin());
            w.writeStartElement("Owner");
            text(w, "ID", owner.id());
            text(w, "DisplayName", owner.displayName());
            w.writeEndElement();
            w.writeStartElement("AccessControlList");
            for (Grant g : acl.grants()) {
                w.writeStartElement("Grant");
                w.writeStartElement("Grantee");
                w.writeNamespace("xsi", XSI);
                switch (g.grantee()) {
                    case Grantee.Account a -> {
                        w.writeAttribute("xsi", XSI, "type", "CanonicalUser");
                        Owners.Name n = Owners.owner(dialect, a.rootUin());
                        text(w, "ID", n.id());
                        text(w, "DisplayName", n.displayName());
                    }
                    case Grantee.SubUser u -> {
                        // COS names a sub-account by its CAM name in both ID and DisplayName (ACL-M6).
                        w.writeAttribute("xsi", XSI, "type", "CanonicalUser");
                        text(w, "ID", u.camName());
                        text(w, "DisplayName", u.camName());
                    }
                    case Grantee.Group grp -> {
                        w.writeAttribute("xsi", XSI, "type", "Group");
                        text(w, "URI", grp.uri(dialect == Dialect.COS));
                    }
                    case Grantee.LogDelivery ld -> {
                        w.writeAttribute("xsi", XSI, "type", "Group");
                        text(w, "URI", Grantee.LogDelivery.URI);
                    }
                }
                w.writeEndElement();
                text(w, "Permission", g.permission().name());
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndElement();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return Xml.declaration(sw.toString());
    }

    private static void text(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(value);
        w.writeEndElement();
    }
}
