package io.cosd.e2e;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The model ObjectModelE2eTest checks the server against, checked on its own (pure, no server): a
 * wrong model would pass a wrong server or fail a right one, so its version stacks, listings and byte
 * recipes are pinned here against docs/versioning.md.
 */
class ObjectModelTest {
    private static ModelVersion data(String id, long seed, int size) {
        ModelContent c = ModelContent.random(seed, size);
        return new ModelVersion(id, false, c, c.plainEtag(), Map.of(), "text/plain", ModelSse.NONE, List.of(), 0);
    }

    @Test
    void anUnversionedWriteReplacesTheNullVersionAndADeleteRemovesTheKey_VER_I3_VER_D1() {
        ObjectModel m = new ObjectModel();
        m.add("b");
        m.put("b", "k", data("null", 1, 10));
        m.put("b", "k", data("null", 2, 20));
        assertThat(m.stack("b", "k")).hasSize(1).first().extracting(ModelVersion::size).isEqualTo(20L);
        assertThat(m.deleteCurrent("b", "k", null)).isEqualTo(new ObjectModel.Deletion(null, false));
        assertThat(m.bucket("b").keys).isEmpty();
    }

    @Test
    void enabledWritesAndDeletesStackAndSuspendedOnesReplaceOnlyTheNullVersion_VER_I1_VER_I4_VER_D2_VER_D3() {
        ObjectModel m = new ObjectModel();
        m.add("b");
        m.put("b", "k", data("null", 1, 1));
        m.setVersioning("b", ObjectModel.Versioning.ENABLED);
        m.put("b", "k", data("v1", 2, 2));
        assertThat(m.deleteCurrent("b", "k", "m1")).isEqualTo(new ObjectModel.Deletion("m1", true));
        assertThat(m.deleteCurrent("b", "k", "m2").deleteMarker()).isTrue(); // markers stack
        assertThat(m.stack("b", "k")).extracting(ModelVersion::id).containsExactly("m2", "m1", "v1", "null");
        m.setVersioning("b", ObjectModel.Versioning.SUSPENDED);
        m.put("b", "k", data("null", 3, 3)); // replaces the old null version, keeps the rest
        assertThat(m.stack("b", "k")).extracting(ModelVersion::id).containsExactly("null", "m2", "m1", "v1");
        assertThat(m.deleteCurrent("b", "k", null)).isEqualTo(new ObjectModel.Deletion("null", true));
        assertThat(m.stack("b", "k")).extracting(ModelVersion::id).containsExactly("null", "m2", "m1", "v1");
        assertThat(m.current("b", "k").orElseThrow().marker()).isTrue();
        assertThat(m.deleteVersion("b", "k", "m1").orElseThrow().marker()).isTrue();
        assertThat(m.deleteVersion("b", "k", "nope")).isEmpty(); // VER-D5: a no-op
        assertThat(m.stack("b", "k")).extracting(ModelVersion::id).containsExactly("null", "m2", "v1");
    }

    @Test
    void listingsRollKeysIntoCommonPrefixesInUtf8OrderAndResumeAfterAVersion_VER_L2_VER_L3_VER_L7() {
        ObjectModel m = new ObjectModel();
        m.add("b");
        m.setVersioning("b", ObjectModel.Versioning.ENABLED);
        for (String k : List.of("\u00fc", "a/b", "a-b", "Z", "a/c")) m.put("b", k, data(k + "1", 1, 1));
        m.put("b", "a-b", data("a-b2", 2, 2));
        var objects = ModelListings.objects(m.bucket("b"), "", "/", null);
        assertThat(objects).extracting(ModelListings.Entry::key).containsExactly("Z", "a-b", "a/", "\u00fc");
        var versions = ModelListings.versions(m.bucket("b"), "", null, "a-b", "a-b2");
        assertThat(versions).extracting(e -> e.key() + " " + e.version().id() + " " + e.latest())
                .containsExactly("a-b a-b1 false", "a/b a/b1 true", "a/c a/c1 true", "\u00fc \u00fc1 true");
        assertThat(ModelListings.versions(m.bucket("b"), "a", null, "a-b", null)).extracting(ModelListings.Entry::key).containsExactly("a/b", "a/c");
        assertThat(ModelListings.page(objects, 3, 1)).extracting(ModelListings.Entry::key).containsExactly("\u00fc");
    }

    @Test
    void aSliceOfAConcatenationIsTheSameBytesAsSlicingTheBytes() {
        ModelContent a = ModelContent.random(7, 1000), b = ModelContent.random(8, 77);
        byte[] both = new byte[1077];
        System.arraycopy(a.bytes(), 0, both, 0, 1000);
        System.arraycopy(b.bytes(), 0, both, 1000, 77);
        ModelContent ab = a.concat(b);
        assertThat(ab.bytes()).isEqualTo(both);
        assertThat(ab.slice(990, 1010).bytes()).isEqualTo(Arrays.copyOfRange(both, 990, 1010));
        assertThat(ab.slice(5, 5).length).isZero();
        assertThat(ModelContent.random(7, 1000).md5Hex()).isEqualTo(a.md5Hex()).isNotEqualTo(ModelContent.random(9, 1000).md5Hex());
    }
}
