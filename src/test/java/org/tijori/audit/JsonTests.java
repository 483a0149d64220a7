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

    @Test
    void readsBackWhatItWrites() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", "quote \" backslash \\ newline \n tab \t bell \u0007 slash /");
        fields.put("none", null);
        fields.put("hindi", "दस्तावेज़");

        assertThat(Json.parseObject(Json.object(fields))).containsExactlyEntriesOf(fields);
        assertThat(Json.parseObject("{}")).isEmpty();
        assertThat(Json.parseObject(" { \"a\" : \"b\\/\\u0041\" } ")).containsExactly(Map.entry("a", "b/A"));
    }

    @Test
    void readsNothingFromTextThatIsNotAFlatObject() {
        assertThat(Json.parseObject(null)).isEmpty();
        assertThat(Json.parseObject("")).isEmpty();
        assertThat(Json.parseObject("{\"a\":\"b\"")).isEmpty();
        assertThat(Json.parseObject("{\"a\":\"b\"} trailing")).isEmpty();
        assertThat(Json.parseObject("{\"a\":{\"b\":\"c\"}}")).isEmpty();
        assertThat(Json.parseObject("{\"a\":\"\\q\"}")).isEmpty();
        assertThat(Json.parseObject("{\"a\":\"\\u00\"}")).isEmpty();
        assertThat(Json.parseObject("[\"a\"]")).isEmpty();
    }
}
