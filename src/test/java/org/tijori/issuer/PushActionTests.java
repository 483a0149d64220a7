package org.tijori.issuer;

import org.tijori.issuer.intake.PushAction;
import org.tijori.issuer.intake.PushOutcome;
import org.tijori.issuer.intake.PushRefusedException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DigiLocker's one-letter actions, parsed once for every wire format. */
class PushActionTests {

    @Test
    void readsTheThreeCodesAsSentAroundBlanks() {
        assertThat(PushAction.of("A")).contains(PushAction.ADD);
        assertThat(PushAction.of(" U ")).contains(PushAction.UPDATE);
        assertThat(PushAction.of("D\n")).contains(PushAction.DELETE);
        assertThat(PushAction.ADD.code()).isEqualTo("A");
        assertThat(PushAction.UPDATE.code()).isEqualTo("U");
        assertThat(PushAction.DELETE.code()).isEqualTo("D");
    }

    @Test
    void takesNothingElseForAnAction() {
        for (String code : new String[] { null, "", " ", "a", "d", "ADD", "X", "AU", "A D" }) {
            assertThat(PushAction.of(code)).as(String.valueOf(code)).isEmpty();
        }
    }

    @Test
    void refusesAnythingElseAsAnInvalidParameterNamingTheField() {
        assertThatThrownBy(() -> PushAction.parse("add", "Action parameter"))
                .isInstanceOfSatisfying(PushRefusedException.class, refused -> {
                    assertThat(refused.kind()).isEqualTo(PushOutcome.Refusal.INVALID);
                    assertThat(refused.code()).isEqualTo("invalid_parameter");
                    assertThat(refused.getMessage()).isEqualTo(
                            "Action parameter is missing or invalid: A (add), U (update) or D (delete).");
                });
        assertThat(PushAction.parse("U", "Action")).isEqualTo(PushAction.UPDATE);
    }
}
