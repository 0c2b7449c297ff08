package io.cosd.api.object;

import io.cosd.api.error.ApiException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Object request documents keep every occurrence of a repeatable element in document order, whatever
 * sits between two of them, and refuse a repeated single element as MalformedXML instead of keeping
 * one of its values silently (docs/spec/protocol.md §8.13: any element order is accepted).
 */
class RequestDocumentsKeepEveryElementTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertMalformed(Runnable read) {
        assertThatThrownBy(read::run).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code().code()).isEqualTo("MalformedXML"));
    }

    @Test
    void deleteObjectsKeepsEveryObjectWhenQuietSitsBetweenThem() {
        var req = ObjectWire.DeleteRequest.read(utf8("<Delete><Object><Key>a</Key></Object><Quiet>true</Quiet>"
                + "<Object><Key>b</Key><VersionId>v</VersionId></Object><Unknown/><Object><Key>c&#x1;</Key></Object></Delete>"));
        assertThat(req.objects()).extracting(ObjectWire.ObjectId::key).containsExactly("a", "b", "c\u0001");
        assertThat(req.objects().get(1).versionId()).isEqualTo("v");
        assertThat(req.quiet()).isEqualTo("true");
    }

    @Test
    void anObjectWithTwoKeysIsMalformedRatherThanDeletingOneOfThem() {
        assertMalformed(() -> ObjectWire.DeleteRequest.read(utf8("<Delete><Object><Key>a</Key><Key>b</Key></Object></Delete>")));
    }

    @Test
    void completeMultipartUploadKeepsEveryPartWhenAnotherElementSitsBetweenThem() {
        var req = MultipartWire.CompleteRequest.read(utf8("<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"x\"</ETag></Part>"
                + "<Unknown/><Part><PartNumber>2</PartNumber><ETag>\"y\"</ETag></Part></CompleteMultipartUpload>"));
        assertThat(req.parts()).extracting(MultipartWire.CompletePart::partNumber).containsExactly(1, 2);
        assertThat(req.parts()).extracting(MultipartWire.CompletePart::etag).containsExactly("\"x\"", "\"y\"");
    }

    @Test
    void aPartWithTwoPartNumbersIsMalformed() {
        assertMalformed(() -> MultipartWire.CompleteRequest.read(utf8(
                "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>x</ETag><PartNumber>2</PartNumber></Part></CompleteMultipartUpload>")));
    }

    @Test
    void taggingKeepsEveryTagWhenAnotherElementSitsBetweenThem() {
        var doc = TaggingHandler.Tagging.read(utf8("<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag><Unknown/>"
                + "<Tag><Key>b</Key><Value>2</Value></Tag></TagSet></Tagging>"));
        assertThat(doc.tagSet().tags()).extracting(TaggingHandler.Tag::key).containsExactly("a", "b");
    }

    @Test
    void twoTagSetsOrATagWithTwoValuesAreMalformed() {
        assertMalformed(() -> TaggingHandler.Tagging.read(utf8("<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag></TagSet>"
                + "<TagSet><Tag><Key>b</Key><Value>2</Value></Tag></TagSet></Tagging>")));
        assertMalformed(() -> TaggingHandler.Tagging.read(utf8("<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value><Value>2</Value></Tag>"
                + "</TagSet></Tagging>")));
    }

    @Test
    void aRestoreRequestWithTwoDaysOrTwoTiersIsMalformed() {
        assertMalformed(() -> RestoreHandler.RestoreRequest.read(utf8("<RestoreRequest><Days>1</Days><Days>30</Days>"
                + "<CASJobParameters><Tier>Standard</Tier></CASJobParameters></RestoreRequest>")));
        assertMalformed(() -> RestoreHandler.RestoreRequest.read(utf8("<RestoreRequest><Days>1</Days>"
                + "<CASJobParameters><Tier>Bulk</Tier><Tier>Expedited</Tier></CASJobParameters></RestoreRequest>")));
    }

    @Test
    void aRestoreRequestStillReadsItsDaysAndTier() {
        var req = RestoreHandler.RestoreRequest.read(utf8("<RestoreRequest><CASJobParameters><Tier>Bulk</Tier></CASJobParameters>"
                + "<Days>3</Days></RestoreRequest>"));
        assertThat(req.days()).isEqualTo("3");
        assertThat(req.cas().tier()).isEqualTo("Bulk");
        assertThat(req.glacier()).isNull();
    }
}
