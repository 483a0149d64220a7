package org.tijori.notification;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MailAddressTests {

    @Test
    void keepsAPlainAddressAndLowercasesItsDomain() {
        var address = new MailAddress("Asha.Verma+locker@Example.ORG");

        assertThat(address.value()).isEqualTo("Asha.Verma+locker@example.org");
        assertThat(address.domain()).isEqualTo("example.org");
        assertThat(address).hasToString("Asha.Verma+locker@example.org");
        assertThat(new MailAddress("  ravi@mail.example.in ")).isEqualTo(new MailAddress("ravi@mail.example.in"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "ravi@example.org\r\nBcc: everyone@example.org", "ravi@example.org\nBcc: x@example.org",
            "ravi@example.org\r", "\nravi@example.org" })
    void refusesLineBreaksThatWouldAddAHeader(String injected) {
        assertThatIllegalArgumentException().isThrownBy(() -> new MailAddress(injected))
                .withMessage("An e-mail address must not contain a line break");
    }

    @ParameterizedTest
    @ValueSource(strings = { "Ravi <ravi@example.org>", "\"Ravi\" <ravi@example.org>", "<ravi@example.org>",
            "ravi@example.org (Ravi)", "Ravi ravi@example.org" })
    void refusesDisplayNamesAndComments(String named) {
        assertThatIllegalArgumentException().isThrownBy(() -> new MailAddress(named))
                .withMessageContaining("one plain address such as name@example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = { "a@example.org,b@example.org", "a@example.org;b@example.org", "team: a@example.org;",
            "\"ravi\"@example.org", "ravi@[192.0.2.1]" })
    void refusesListsGroupsQuotesAndLiterals(String address) {
        assertThatIllegalArgumentException().isThrownBy(() -> new MailAddress(address))
                .withMessageContaining("one plain address");
    }

    @ParameterizedTest
    @ValueSource(strings = { "ravi", "ravi@", "@example.org", "ravi@localhost", "ravi@@example.org",
            "ravi@a@example.org", "ravi@.example.org", "ravi@example.org.", "ravi@example..org" })
    void refusesWhatIsNotLocalAtDomainWithADot(String address) {
        assertThatIllegalArgumentException().isThrownBy(() -> new MailAddress(address));
    }

    @Test
    void refusesNothingAndBlank() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MailAddress(null))
                .withMessage("An e-mail address is required");
        assertThatIllegalArgumentException().isThrownBy(() -> new MailAddress("   "))
                .withMessage("An e-mail address is required");
    }

    @Test
    void refusesLettersOutsideAsciiAndControlCharacters() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MailAddress("रवि@example.org"))
                .withMessageContaining("outside ASCII");
        assertThatIllegalArgumentException().isThrownBy(() -> new MailAddress("ravi\u0000@example.org"))
                .withMessageContaining("control characters");
    }

    @Test
    void refusesOverLongAddresses() {
        String longest = "r".repeat(64) + "@" + "d".repeat(185) + ".org";
        assertThat(longest).hasSize(MailAddress.MAX_LENGTH);

        assertThat(new MailAddress(longest).value()).isEqualTo(longest);
        assertThatIllegalArgumentException().isThrownBy(() -> new MailAddress("r" + longest.substring(1) + "x"))
                .withMessage("An e-mail address must be at most 254 characters long");
        assertThatIllegalArgumentException().isThrownBy(() -> new MailAddress("r".repeat(65) + "@example.org"))
                .withMessage("The part of an e-mail address before the @ must be at most 64 characters");
    }
}
