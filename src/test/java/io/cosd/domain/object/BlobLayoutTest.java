package io.cosd.domain.object;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BlobLayoutTest {
    static final BlobLayout PARTS = new BlobLayout(List.of(
            new BlobLayout.Extent("a", 0, 10), new BlobLayout.Extent("empty", 0, 0),
            new BlobLayout.Extent("b", 0, 10), new BlobLayout.Extent("c", 0, 5)));

    @Test
    void aRangeAcrossPartBoundariesMapsOntoEachTouchedPart() {
        assertThat(PARTS.slice(8, 10)).containsExactly(new BlobLayout.Extent("a", 8, 2), new BlobLayout.Extent("b", 0, 8));
        assertThat(PARTS.slice(5, 20)).containsExactly(new BlobLayout.Extent("a", 5, 5), new BlobLayout.Extent("b", 0, 10),
                new BlobLayout.Extent("c", 0, 5));
    }

    @Test
    void aRangeInsideOnePartTouchesOnlyIt() {
        assertThat(PARTS.slice(12, 3)).containsExactly(new BlobLayout.Extent("b", 2, 3));
        assertThat(PARTS.slice(20, 5)).containsExactly(new BlobLayout.Extent("c", 0, 5));
        assertThat(PARTS.slice(0, 0)).isEmpty();
        assertThat(PARTS.size()).isEqualTo(25);
    }

    @Test
    void everyExtentOfAMultipartObjectAndEverySliceOfItKeepsItsPartNumber_SSE_14() {
        var layout = BlobLayout.ofParts(List.of(new UploadedPart(2, 10, "\"e\"", "a", null),
                new UploadedPart(7, 10, "\"e\"", "b", null)));
        assertThat(layout.extents()).extracting(BlobLayout.Extent::part).containsExactly(2, 7);
        assertThat(layout.slice(8, 4)).containsExactly(new BlobLayout.Extent("a", 8, 2, 2), new BlobLayout.Extent("b", 0, 2, 7));
        assertThat(BlobLayout.single("s", 5).extents().get(0).part()).isZero(); // a single blob: the data key itself
    }
}
