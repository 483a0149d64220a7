package org.tijori.notification;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MailMessageTests {

    static final MailAddress TO = new MailAddress("asha@example.org");

    @Test
    void trimsTheSubjectAndKeepsTheBodies() {
        var message = new MailMessage(TO, "  दस्तावेज़ साझा किया गया  ", "पाठ", "<p>पाठ</p>");

        assertThat(message.subject()).isEqualTo("दस्तावेज़ साझा किया गया");
        assertThat(message.text()).isEqualTo("पाठ");
        assertThat(message.html()).isEqualTo("<p>पाठ</p>");
    }

    @Test
    void htmlIsOptional() {
        assertThat(new MailMessage(TO, "Hello", "Text").html()).isNull();
        assertThat(new MailMessage(TO, "Hello", "Text", "  ").html()).isNull();
    }

    @Test
    void refusesASubjectOfMoreThanOneLine() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MailMessage(TO, "Hello\r\nBcc: everyone@example.org", "Text", null))
                .withMessage("The subject of an e-mail must be one line, without line breaks");
        assertThatIllegalArgumentException().isThrownBy(() -> new MailMessage(TO, "Hello\n", "Text", null))
                .withMessageContaining("one line");
        assertThatIllegalArgumentException().isThrownBy(() -> new MailMessage(TO, "Hello\u0000", "Text", null))
                .withMessageContaining("control characters");
    }

    @Test
    void refusesMissingParts() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MailMessage(null, "Hello", "Text", null))
                .withMessage("An e-mail needs a recipient");
        assertThatIllegalArgumentException().isThrownBy(() -> new MailMessage(TO, null, "Text", null))
                .withMessage("An e-mail needs a subject");
        assertThatIllegalArgumentException().isThrownBy(() -> new MailMessage(TO, "   ", "Text", null))
                .withMessage("An e-mail needs a subject");
        assertThatIllegalArgumentException().isThrownBy(() -> new MailMessage(TO, "Hello", null, "<p>x</p>"))
                .withMessage("An e-mail needs a plain-text body");
        assertThatIllegalArgumentException().isThrownBy(() -> new MailMessage(TO, "Hello", " \n ", null))
                .withMessage("An e-mail needs a plain-text body");
    }

    @Test
    void refusesOverLongSubjectsAndBodies() {
        assertThat(new MailMessage(TO, "s".repeat(MailMessage.MAX_SUBJECT), "Text").subject()).hasSize(200);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MailMessage(TO, "s".repeat(MailMessage.MAX_SUBJECT + 1), "Text", null))
                .withMessageContaining("at most 200 characters");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MailMessage(TO, "Hello", "t".repeat(MailMessage.MAX_BODY + 1), null))
                .withMessageContaining("plain-text body");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MailMessage(TO, "Hello", "Text", "h".repeat(MailMessage.MAX_BODY + 1)))
                .withMessageContaining("HTML body");
    }
}
