package org.tijori.web;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageBundleTests {

    static Properties bundle(String name) throws IOException {
        var properties = new Properties();
        try (var in = MessageBundleTests.class.getResourceAsStream("/" + name)) {
            assertThat(in).as(name).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    @Test
    void hindiHasEveryEnglishMessageAndNoOther() throws IOException {
        assertThat(bundle("messages_hi.properties").keySet())
                .containsExactlyInAnyOrderElementsOf(bundle("messages.properties").keySet());
    }

    @Test
    void theGatewaysHindiHasEveryEnglishMessageAndNoOther() throws IOException {
        assertThat(bundle("gateway/messages_hi.properties").keySet())
                .containsExactlyInAnyOrderElementsOf(bundle("gateway/messages.properties").keySet());
        assertThat(bundle("gateway/messages.properties").values()).allSatisfy(value -> assertThat((String) value)
                .isNotBlank());
        assertThat(bundle("gateway/messages_hi.properties").values()).allSatisfy(value -> assertThat((String) value)
                .isNotBlank());
    }

    /**
     * Spring formats a message with MessageFormat only when it has arguments: there an apostrophe is written
     * {@code ''} (a single one vanishes), and in a message without arguments {@code ''} would show as it is.
     */
    @Test
    void apostrophesAreWrittenAsEachMessageIsFormatted() throws IOException {
        for (String name : new String[] { "messages.properties", "messages_hi.properties", "gateway/messages.properties",
                "gateway/messages_hi.properties" }) {
            bundle(name).forEach((key, value) -> {
                String text = (String) value;
                if (text.matches("(?s).*\\{\\d.*")) {
                    assertThat(text.replace("''", "")).as(name + " " + key + " takes arguments").doesNotContain("'");
                }
                else {
                    assertThat(text).as(name + " " + key + " takes no arguments").doesNotContain("''");
                }
            });
        }
    }

    @Test
    void noMessageIsEmptyAndHindiIsInDevanagari() throws IOException {
        Properties hindi = bundle("messages_hi.properties");
        assertThat(bundle("messages.properties").values()).allSatisfy(value -> assertThat((String) value).isNotBlank());
        assertThat(hindi.values()).allSatisfy(value -> assertThat((String) value).isNotBlank());
        assertThat(hindi.getProperty("nav.dashboard")).matches(".*[\\u0900-\\u097F].*");
    }
}
