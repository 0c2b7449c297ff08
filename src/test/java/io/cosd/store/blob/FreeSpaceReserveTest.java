package io.cosd.store.blob;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FreeSpaceReserveTest {
    private static final long GIB = 1L << 30;

    @ParameterizedTest(name = "{0} on a disk of {1} bytes keeps {2} bytes")
    @CsvSource({
            "0,            1000000000000, 0",
            "1073741824,   1000000000000, 1073741824",
            "512M,         1000000000000, 536870912",
            "1GiB,         1000000000000, 1073741824",
            "2g,           1000000000000, 2147483648",
            "10%,          1000,          100",
            "'1GiB,5%',    10737418240,   536870912",
            "'1GiB,5%',    1099511627776, 1073741824",
    })
    void aReserveSpecIsBytesAPercentageOrTheSmallerOfBoth(String spec, long total, long kept) {
        assertThat(FreeSpaceReserve.parse(spec).bytesFor(total)).isEqualTo(kept);
    }

    @Test
    void theDefaultIsOneGibButAtMostFivePercentSoSmallCiDisksStillTakeWrites() {
        var d = FreeSpaceReserve.parse(null);
        assertThat(d.bytesFor(4 * GIB)).isEqualTo((long) (4 * GIB * 0.05));
        assertThat(d.bytesFor(1000 * GIB)).isEqualTo(GIB);
    }

    @ParameterizedTest
    @CsvSource({"-1", "abc", "101%", "1X"})
    void aMalformedReserveIsRefusedWithAMessage(String spec) {
        assertThatThrownBy(() -> FreeSpaceReserve.parse(spec)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStoreBelowItsReserveRefusesANewBlobBeforeCreatingAnyFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        var store = new DiskBlobStore(dir, FreeSpaceReserve.parse("100%"));
        assertThatThrownBy(store::create).isInstanceOf(DiskFullException.class).hasMessageContaining("disk full");
        try (var files = Files.list(dir.resolve("tmp"))) {
            assertThat(files).isEmpty();
        }
        assertThat(store.freeBytes()).isPositive();
    }

    @Test
    void aDeclaredSizeThatWouldEatIntoTheReserveIsRefusedUpFront(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        var store = new DiskBlobStore(dir, FreeSpaceReserve.parse("0"));
        long free = store.freeBytes();
        assertThatThrownBy(() -> store.create(free + GIB)).isInstanceOf(DiskFullException.class);
        store.create(1).abort();
    }

    @Test
    void enospcAndQuotaMessagesAreRecognisedAsNoSpaceAndOtherErrorsAreNot() {
        assertThat(DiskFullException.isNoSpace(new IOException("No space left on device"))).isTrue();
        assertThat(DiskFullException.isNoSpace(new IOException("x", new IOException("Disk quota exceeded")))).isTrue();
        assertThat(DiskFullException.isNoSpace(new IOException("Input/output error"))).isFalse();
    }
}
