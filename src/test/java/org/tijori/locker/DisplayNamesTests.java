package org.tijori.locker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DisplayNamesTests {

    @Test
    void keepsOnlyTheLastPartOfAPath() {
        assertThat(DisplayNames.clean("../../etc/passwd", "x")).isEqualTo("passwd");
        assertThat(DisplayNames.clean("C:\\Users\\asha\\pan.pdf", "x")).isEqualTo("pan.pdf");
    }

    @Test
    void dropsControlAndDirectionCharactersThatCouldSplitAHeaderOrHideAnExtension() {
        assertThat(DisplayNames.clean("report\r\nSet-Cookie: a=b.pdf", "x")).isEqualTo("reportSet-Cookie: a=b.pdf");
        assertThat(DisplayNames.clean("invoice\u202Efdp.exe", "x")).isEqualTo("invoicefdp.exe");
        assertThat(DisplayNames.clean("  many   spaces\t.pdf ", "x")).isEqualTo("many spaces.pdf");
    }

    @Test
    void refusesHiddenFileNamesAndEmptyNames() {
        assertThat(DisplayNames.clean(".htaccess", "document")).isEqualTo("htaccess");
        assertThat(DisplayNames.clean("...", "document")).isEqualTo("document");
        assertThat(DisplayNames.clean("/", "document")).isEqualTo("document");
        assertThat(DisplayNames.clean(null, "document")).isEqualTo("document");
    }

    @Test
    void shortensLongNamesKeepingTheExtension() {
        String cleaned = DisplayNames.clean("a".repeat(500) + ".pdf", "x");
        assertThat(cleaned).hasSize(DisplayNames.MAX_LENGTH).endsWith(".pdf");
        assertThat(DisplayNames.clean("पासपोर्ट.pdf", "x")).isEqualTo("पासपोर्ट.pdf");
    }
}
