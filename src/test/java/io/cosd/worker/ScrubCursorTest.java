package io.cosd.worker;

import io.cosd.service.ScrubService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScrubCursorTest {
    @Test
    void aCursorRoundTripsWithAKeyThatHoldsTabsAndAFreshBucketPosition() {
        var mid = new ScrubWorker.Cursor(42, new ScrubService.Position("b-1250000000", "a\tkey\twith tabs", 17));
        assertThat(ScrubWorker.Cursor.parse(mid.encode())).isEqualTo(mid);
        var fresh = new ScrubWorker.Cursor(42, new ScrubService.Position("b-1250000000", null, Long.MIN_VALUE));
        assertThat(ScrubWorker.Cursor.parse(fresh.encode())).isEqualTo(fresh);
        var done = new ScrubWorker.Cursor(99, null);
        assertThat(ScrubWorker.Cursor.parse(done.encode())).isEqualTo(done);
    }

    @Test
    void anUnreadableCursorStartsOver() {
        assertThat(ScrubWorker.Cursor.parse("run\tx\t1\tb")).isNull();
        assertThat(ScrubWorker.Cursor.parse("")).isNull();
    }
}
