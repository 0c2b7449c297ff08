package io.cosd.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The read buffer of a PUT body is no larger than the body (docs/performance.md "The PUT path's CPU"). */
class BlobStreamsBufferTest {
    @Test
    void aBodyOfKnownSmallLengthIsReadThroughABufferOfItsSizeAndNoLessThanHalfAKibibyte() {
        assertThat(BlobStreams.bufferFor(0)).isEqualTo(512);
        assertThat(BlobStreams.bufferFor(100)).isEqualTo(512);
        assertThat(BlobStreams.bufferFor(4096)).isEqualTo(4096);
        assertThat(BlobStreams.bufferFor(65_537)).isEqualTo(65_537);
    }

    @Test
    void aLargeBodyOrOneOfUnknownLengthIsReadThrough256KiB() {
        assertThat(BlobStreams.bufferFor(-1)).isEqualTo(256 * 1024);
        assertThat(BlobStreams.bufferFor(256 * 1024)).isEqualTo(256 * 1024);
        assertThat(BlobStreams.bufferFor(1L << 40)).isEqualTo(256 * 1024);
    }
}
