package org.tijori.identity;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What a resident's profile shows of the linked national ID: never the number beyond its last four
 * digits.
 */
public record LinkedNationalId(String lastFour, String name, LocalDate dob, Gender gender, Instant linkedAt) {

    public String masked() {
        return "XXXX XXXX " + lastFour;
    }
}
