package org.tijori.identity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerhoeffTests {

    @ParameterizedTest
    @CsvSource({ "236, 3", "12345, 1", "75872, 2", "23456789012, 4", "99994105705, 8" })
    void computesTheKnownCheckDigits(String digits, char check) {
        assertThat(Verhoeff.checkDigit(digits)).isEqualTo(check);
        assertThat(Verhoeff.isValid(digits + check)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "2364", "123450", "758723", "234567890123", "999941057057" })
    void refusesAWrongCheckDigit(String digits) {
        assertThat(Verhoeff.isValid(digits)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "236 3", "23a3", "-2363", "२३६३" })
    void refusesAnythingButDigits(String text) {
        assertThat(Verhoeff.isValid(text)).isFalse();
        assertThatThrownBy(() -> Verhoeff.checkDigit(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "234567890124", "999941057058", "999952601814", "899999999991", "200000000009" })
    void detectsEverySingleDigitTypo(String valid) {
        assertThat(Verhoeff.isValid(valid)).isTrue();
        int typos = 0;
        for (int position = 0; position < valid.length(); position++) {
            for (char digit = '0'; digit <= '9'; digit++) {
                if (digit == valid.charAt(position)) {
                    continue;
                }
                String typo = valid.substring(0, position) + digit + valid.substring(position + 1);
                assertThat(Verhoeff.isValid(typo)).as("%s mistyped as %s", valid, typo).isFalse();
                typos++;
            }
        }
        assertThat(typos).isEqualTo(12 * 9);
    }

    @ParameterizedTest
    @ValueSource(strings = { "234567890124", "999941057058", "999952601814", "987654321096" })
    void detectsEverySwapOfAdjacentDigits(String valid) {
        assertThat(Verhoeff.isValid(valid)).isTrue();
        int swaps = 0;
        for (int position = 0; position + 1 < valid.length(); position++) {
            char left = valid.charAt(position);
            char right = valid.charAt(position + 1);
            if (left == right) {
                continue;
            }
            String swapped = valid.substring(0, position) + right + left + valid.substring(position + 2);
            assertThat(Verhoeff.isValid(swapped)).as("%s swapped to %s", valid, swapped).isFalse();
            swaps++;
        }
        assertThat(swaps).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "9", "20000000000", "31415926535", "99999999999", "271828182845904523536" })
    void itsCheckDigitMakesAnyNumberValid(String digits) {
        assertThat(Verhoeff.isValid(digits + Verhoeff.checkDigit(digits))).isTrue();
    }
}
