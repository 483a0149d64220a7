package org.tijori.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NationalIdTests {

    @Test
    void acceptsTwelveDigitsWithAValidCheckDigit() {
        assertThat(new NationalId("234567890124").value()).isEqualTo("234567890124");
        assertThat(new NationalId("999941057058").lastFour()).isEqualTo("7058");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "23456789012", "2345678901245", "2345 6789 0124", "23456789012a", "२३४५६७८९०१२४" })
    void refusesAnythingButTwelveDigits(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> new NationalId(value))
                .withMessageContaining("must have 12 digits");
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "1" })
    void refusesANumberStartingWithZeroOrOneEvenWithAValidCheckDigit(String first) {
        String digits = first + "2345678901";
        String value = digits + Verhoeff.checkDigit(digits);
        assertThat(Verhoeff.isValid(value)).isTrue();

        assertThatIllegalArgumentException().isThrownBy(() -> new NationalId(value))
                .withMessageContaining("cannot start with 0 or 1");
    }

    @ParameterizedTest
    @ValueSource(strings = { "234567890123", "234567890142", "324567890124", "999941057085" })
    void refusesAMistypedNumberAndSaysSo(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> new NationalId(value))
                .withMessageContaining("check digit does not match: mistyped?")
                .withMessageNotContaining(value);
    }

    @ParameterizedTest
    @ValueSource(strings = { "2345 6789 0124", "2345-6789-0124", " 234567890124 ", "2345\t6789\u00a00124",
            "2345 - 6789 - 0124" })
    void readsANumberAsPeopleTypeIt(String typed) {
        assertThat(NationalId.parse(typed)).isEqualTo(new NationalId("234567890124"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "2345.6789.0124", "2345 6789 012", "+91 2345 6789 0124" })
    void refusesToReadWhatIsNotANationalId(String typed) {
        assertThatIllegalArgumentException().isThrownBy(() -> NationalId.parse(typed))
                .withMessageContaining("must have 12 digits");
    }

    @Test
    void refusesATypedNumberWithAWrongCheckDigit() {
        assertThatIllegalArgumentException().isThrownBy(() -> NationalId.parse("2345 6789 0123"))
                .withMessageContaining("check digit does not match: mistyped?");
    }

    @Test
    void showsOnlyTheLastFourDigits() {
        NationalId uid = NationalId.parse("2345 6789 0124");

        assertThat(uid.masked()).isEqualTo("XXXX XXXX 0124");
        assertThat(uid.toString()).isEqualTo("XXXX XXXX 0124");
        assertThat(uid.toString()).doesNotContain("23456789").doesNotContain("2345").doesNotContain("6789");
        assertThat(String.valueOf(java.util.List.of(uid))).doesNotContain("23456789");
    }
}
