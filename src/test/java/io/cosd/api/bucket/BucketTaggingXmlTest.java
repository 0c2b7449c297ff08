package io.cosd.api.bucket;

import io.cosd.api.error.ApiException;
import io.cosd.api.xml.Fixtures;
import io.cosd.api.xml.Fixtures.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bucket {@code ?tagging} document: every body the SDKs and the COS API docs send
 * (src/test/resources/xml/bucket-tagging) reads back as exactly the document GET answers, and every
 * bad shape is its exact error (docs/spec/semantics.md §5b).
 */
class BucketTaggingXmlTest {
    static List<Fixture> fixtures() {
        return Fixtures.of("bucket-tagging");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void anSdkBodyReadsBackAsExactlyTheDocumentGetAnswersInItsOrder_BT_1_BT_3(Fixture f) {
        Map<String, String> tags = BucketTaggingHandler.check(BucketTaggingXml.parse(f.body()));
        String stored = BucketTaggingXml.encode(tags);
        assertThat(stored).isEqualTo(f.expected());
        assertThat(BucketTaggingXml.decode(stored)).containsExactlyEntriesOf(tags);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "<Tagging/>                                                                       | MalformedXML | Tagging/TagSet: required element is missing.",
            "<Tagging><TagSet/><TagSet/></Tagging>                                            | MalformedXML | Tagging/TagSet: must appear at most once.",
            "<Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet></Tagging>                  | MalformedXML | Tagging/TagSet/Tag/Key: required element is missing.",
            "<Tagging><TagSet><Tag/></TagSet></Tagging>                                       | MalformedXML | Tagging/TagSet/Tag/Key: required element is missing.",
            "<Tagging><TagSet><Tag><Key>a</Key><Key>b</Key></Tag></TagSet></Tagging>          | MalformedXML | Tagging/TagSet/Tag/Key: must appear at most once.",
            "<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value><Value>2</Value></Tag></TagSet></Tagging> | MalformedXML | Tagging/TagSet/Tag/Value: must appear at most once.",
            "<Tagging><TagSet><Tag><Key>a</Key><Colour>b</Colour></Tag></TagSet></Tagging>     | MalformedXML | Tagging/TagSet/Tag/Colour: unknown element.",
            "<Tagging><TagSet><Item>a</Item></TagSet></Tagging>                               | MalformedXML | Tagging/TagSet/Item: unknown element.",
            "<Tagging><TagSet/><Owner>x</Owner></Tagging>                                     | MalformedXML | Tagging/Owner: unknown element.",
            "<Tagging><TagSet>text</TagSet></Tagging>                                         | MalformedXML | Tagging/TagSet: unexpected text (Tag elements were expected).",
            "<Tagging><TagSet><Tag><Key><b>a</b></Key></Tag></TagSet></Tagging>               | MalformedXML | Tagging/TagSet/Tag/Key: unexpected content (elements where text was expected).",
            "<TagSet><Tag><Key>a</Key><Value>b</Value></Tag></TagSet>                         | MalformedXML | TagSet: the root element must be Tagging.",
            "<Tagging><TagSet><Tag><Key>a</Key>                                               | MalformedXML | The XML is not well-formed",
            "<Tagging><TagSet><Tag><Key>a</Key></Tag><Tag><Key>a</Key></Tag></TagSet></Tagging> | InvalidTag  | Cannot provide multiple Tags with the same key: a",
            "<Tagging><TagSet><Tag><Key>aws:x</Key><Value>1</Value></Tag></TagSet></Tagging>  | InvalidTag   | System tags cannot be added/updated by requester: aws:x",
    })
    void aBadDocumentIsItsExactErrorBeforeAnythingIsStored_BT_2(String body, String code, String message) {
        assertThatThrownBy(() -> BucketTaggingHandler.check(BucketTaggingXml.parse(body.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code().code()).isEqualTo(code);
                    assertThat(e.getMessage()).startsWith(message);
                });
    }

    @Test
    void tagsInterleavedWithOtherElementsAreAllCountedSoNoneEscapesTheChecks_BT_2() {
        // the stream binder would keep only the last run of Tag elements; the counted reader sees all three
        String body = "<Tagging><TagSet><Tag><Key>a</Key></Tag><Tag><Key>b</Key></Tag><Tag><Key>a</Key></Tag></TagSet></Tagging>";
        assertThatThrownBy(() -> BucketTaggingHandler.check(BucketTaggingXml.parse(body.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("same key: a");
    }

    @Test
    void anEmptyTagSetIsNoTagsAndAMissingValueIsEmpty_BT_1() {
        assertThat(BucketTaggingXml.parse("<Tagging><TagSet/></Tagging>".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(BucketTaggingXml.parse("<Tagging><TagSet><Tag><Key>k</Key></Tag></TagSet></Tagging>".getBytes(StandardCharsets.UTF_8)))
                .containsExactly(Map.entry("k", ""));
    }
}
