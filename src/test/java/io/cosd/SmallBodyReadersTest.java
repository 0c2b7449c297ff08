package io.cosd;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.cosd.api.core.Request;
import io.cosd.api.http.Exchange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/security.md UB-7: a sent Content-MD5 is checked by construction, because a handler reads a
 * request body only through {@code Request.readSmallBody} (which checks it) or hands it to a path that
 * checks it while it stores the bytes. This keeps the second kind on a list: a new operation that reads
 * {@code Request.body()} (or the edge's {@code Exchange.body()}) itself fails here until it is added
 * with its reason, so no body-reading operation can skip the digest unnoticed.
 */
class SmallBodyReadersTest {
    /** Main methods ("Class.method") that touch a request body other than through readSmallBody, and why. */
    private static final Set<String> ALLOWED = Set.of(
            // the edge: wraps the body in the signature's payload check (SigV4 hash, aws-chunked, none when
            // anonymous) and asks whether a body read timed out
            "io.cosd.api.ApiHandler.answer",
            "io.cosd.api.ApiHandler.authenticate",
            "io.cosd.api.ApiHandler.anonymousBody",
            // wraps the body in the checksum-header check (UB-3); reads a body
            // only through readSmallBody (a GET, HEAD or DELETE that sent a digest, UB-7)
            "io.cosd.api.RequestGuard.apply",
            // a GET's and PutObjectTagging's body, read before the access decision (ACL-E4, POL-S11): wrapped in
            // the checksum-header check, then read through readSmallBody
            "io.cosd.api.core.EarlyBody.read",
            // announces an aws-chunked body's trailer (or refuses one announced on a plain body), before any byte
            // is read: for RequestGuard and for EarlyBody
            "io.cosd.api.core.EarlyBody.checkTrailer",
            // PutObjectTagging's (POL-S11) and a retention's or legal hold's (LOCK-A1) held body: only asks whether it
            // is the held one, for the tags or lock the decision judges
            "io.cosd.api.policy.HeldBody.of",
            // PutObject and UploadPart: the object's bytes, Content-MD5 decoded before the read and checked
            // in the storing pass (service.BlobStreams, OBJ-K2)
            "io.cosd.api.object.ObjectHandler.put",
            "io.cosd.api.object.MultipartHandler.uploadPart",
            // drains the rest of a refused part's body; nothing of it is used
            "io.cosd.api.object.MultipartHandler.drainSmall",
            // POST Object: a form, whose content-md5 field is checked as the file is stored (docs/post-object.md)
            "io.cosd.api.object.PostObjectHandler.post");

    private static JavaClasses main;

    @BeforeAll
    static void importMain() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.cosd");
    }

    @Test
    void onlyTheListedMethodsReadARequestBodyOtherThanThroughReadSmallBody_UB_7() {
        Set<String> callers = new TreeSet<>();
        for (var c : main) {
            for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
                var target = call.getTarget();
                boolean requestBody = target.getOwner().isEquivalentTo(Request.class) && target.getName().equals("body");
                boolean exchangeBody = target.getOwner().isAssignableTo(Exchange.class) && target.getName().equals("body")
                        && !c.getPackageName().startsWith("io.cosd.api.http");
                if (requestBody || exchangeBody) {
                    callers.add(call.getOrigin().getOwner().getName().replaceAll("\\$.*", "") + "." + call.getOrigin().getName());
                }
            }
            // a method reference (Request::body) reads it as well as a call does
            for (var ref : c.getMethodReferencesFromSelf()) {
                var target = ref.getTarget();
                if (target.getName().equals("body") && (target.getOwner().isEquivalentTo(Request.class) || target.getOwner().isAssignableTo(Exchange.class))) {
                    callers.add(ref.getOrigin().getOwner().getName().replaceAll("\\$.*", "") + "." + ref.getOrigin().getName());
                }
            }
        }
        assertThat(callers).containsExactlyInAnyOrderElementsOf(ALLOWED); // a stale entry goes too
    }
}
