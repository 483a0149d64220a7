package org.tijori.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTests {

    @Test
    void writesFieldsInOrderWithEscapes() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("b", "quote \" backslash \\ newline \n tab \t bell \u0007");
        fields.put("a", null);
        fields.put("hindi", "दस्तावेज़");

        assertThat(Json.object(fields)).isEqualTo(
                "{\"b\":\"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007\",\"a\":null,\"hindi\":\"दस्तावेज़\"}");
    }

    @Test
    void writesAnEmptyObject() {
        assertThat(Json.object(Map.of())).isEqualTo("{}");
    }
}
