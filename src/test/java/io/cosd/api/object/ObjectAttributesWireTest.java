package io.cosd.api.object;

import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.object.ObjectAttributesWire.Attribute;
import io.cosd.api.xml.Xml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docs/object-attributes.md: the x-amz-object-attributes list and the answer's document. */
class ObjectAttributesWireTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ETag                                            | ETag",
            "ETag,ObjectSize                                 | ETag ObjectSize",
            "ETag, Checksum ,ObjectParts,StorageClass,ObjectSize | ETag Checksum ObjectParts StorageClass ObjectSize",
            "ObjectSize,ObjectSize                           | ObjectSize",
    })
    void eachNamedAttributeIsAskedFor_OBJ_A1(String header, String expected) {
        EnumSet<Attribute> want = EnumSet.noneOf(Attribute.class);
        for (String n : expected.split(" ")) want.add(Attribute.valueOf(n));
        assertThat(ObjectAttributesWire.parse(header)).isEqualTo(want);
    }

    @ParameterizedTest(name = "[{0}]")
    @NullSource
    @ValueSource(strings = {"", " ", "etag", "Etag", "ETag,", ",ETag", "ETag,Bogus", "Parts", "ETag;ObjectSize"})
    void aMissingEmptyOrUnknownAttributeIsInvalidArgument_OBJ_A1(String header) {
        assertThatThrownBy(() -> ObjectAttributesWire.parse(header))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "null | 1000", "0 | 0", "1 | 1", " 7 | 7", "1000 | 1000"})
    void maxPartsDefaultsToAThousand_OBJ_A4(String value, int expected) {
        assertThat(ObjectAttributesWire.intHeader(value, "max-parts", 1000, 1000)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"-1", "1001", "x", "", "1.5"})
    void aMaxPartsOutsideZeroToAThousandIsInvalidArgument_OBJ_A4(String value) {
        assertThatThrownBy(() -> ObjectAttributesWire.intHeader(value, "max-parts", 1000, 1000))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void theAnswerHoldsOnlyTheAskedElementsAndAnUnquotedETag_OBJ_A2() {
        String xml = new String(Xml.write(new ObjectAttributesWire.Response(
                ObjectAttributesHandler.unquoted("\"abc-2\""), null, null, null, 3L)), StandardCharsets.UTF_8);
        assertThat(xml).contains("<GetObjectAttributesResponse><ETag>abc-2</ETag><ObjectSize>3</ObjectSize></GetObjectAttributesResponse>");
    }

    @Test
    void partsArePagedInsideObjectParts_OBJ_A3() {
        var parts = new ObjectAttributesWire.ObjectParts(6, 3, 4, 1, true, List.of(new ObjectAttributesWire.Part(4, null, 5)));
        String xml = new String(Xml.write(new ObjectAttributesWire.Response(null, null, parts, "STANDARD", null)), StandardCharsets.UTF_8);
        assertThat(xml).contains("<ObjectParts><PartsCount>6</PartsCount><PartNumberMarker>3</PartNumberMarker>"
                + "<NextPartNumberMarker>4</NextPartNumberMarker><MaxParts>1</MaxParts><IsTruncated>true</IsTruncated>"
                + "<Part><PartNumber>4</PartNumber><Size>5</Size></Part></ObjectParts><StorageClass>STANDARD</StorageClass>");
    }

    @Test
    void theChecksumAndEachPartsChecksumAreGivenWhereStored_OBJ_K4() {
        var composite = new io.cosd.domain.object.ObjectChecksum(io.cosd.domain.object.ChecksumAlgorithm.SHA256,
                io.cosd.domain.object.ObjectChecksum.Type.COMPOSITE, "Ok6Cs5b96ux6+MWQkJO7UBT5sKPBeXBLwvj/hK89smg=", 1);
        var part = io.cosd.domain.object.ObjectChecksum.full(io.cosd.domain.object.ChecksumAlgorithm.SHA256, new byte[32]);
        var parts = new ObjectAttributesWire.ObjectParts(1, 0, 1, 1000, false,
                List.of(new ObjectAttributesWire.Part(1, ChecksumWire.Values.of(part, false), 5)));
        String xml = new String(Xml.write(new ObjectAttributesWire.Response(null, ChecksumWire.Values.of(composite, true), parts, null, null)),
                StandardCharsets.UTF_8);
        assertThat(xml).contains("<Checksum><ChecksumSHA256>Ok6Cs5b96ux6+MWQkJO7UBT5sKPBeXBLwvj/hK89smg=-1</ChecksumSHA256>"
                + "<ChecksumType>COMPOSITE</ChecksumType></Checksum><ObjectParts>")
                .contains("<Part><PartNumber>1</PartNumber><ChecksumSHA256>" + part.base64() + "</ChecksumSHA256><Size>5</Size></Part>");
    }
}
