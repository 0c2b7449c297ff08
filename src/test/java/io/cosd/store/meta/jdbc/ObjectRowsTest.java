package io.cosd.store.meta.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectRowsTest {
    /** The empty map skips the mapper (docs/performance.md "The 4 KiB PUT's CPU, second pass"), so its text must be the mapper's. */
    @Test
    void anEmptyMapIsStoredAsTheExactTextTheMapperWritesAndReadsBackEmpty() throws Exception {
        String mapper = new ObjectMapper().writeValueAsString(new LinkedHashMap<String, String>());
        assertThat(ObjectRows.json(Map.of())).isEqualTo(mapper).isEqualTo("{}");
        assertThat(ObjectRows.map(ObjectRows.json(new LinkedHashMap<>()))).isEmpty();
    }

    @Test
    void aNonEmptyMapStillGoesThroughTheMapperAndKeepsItsOrder() {
        var m = new LinkedHashMap<String, String>();
        m.put("z", "1");
        m.put("a", "\"quoted\"");
        assertThat(ObjectRows.json(m)).isEqualTo("{\"z\":\"1\",\"a\":\"\\\"quoted\\\"\"}");
        assertThat(ObjectRows.map(ObjectRows.json(m))).containsExactly(Map.entry("z", "1"), Map.entry("a", "\"quoted\""));
    }
}
