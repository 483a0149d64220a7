package org.tijori.identity;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;

import org.tijori.account.MobileNumber;

/**
 * What the national-ID authority holds about a person. {@code toString()} shows the number and the
 * mobile masked and leaves out the date of birth, e-mail and photo, so that logs do not collect them.
 *
 * @param uid the national ID
 * @param name the full name
 * @param dob the date of birth
 * @param gender the gender
 * @param mobile the mobile number one-time passwords for this ID go to
 * @param email the e-mail address, may be null
 * @param photo a JPEG photograph, may be null
 */
public record IdentityRecord(NationalId uid, String name, LocalDate dob, Gender gender, MobileNumber mobile,
        String email, byte[] photo) {

    public IdentityRecord {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(dob, "dob");
        Objects.requireNonNull(gender, "gender");
        Objects.requireNonNull(mobile, "mobile");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A name is needed");
        }
        if (email != null && email.isBlank()) {
            email = null;
        }
        photo = photo == null ? null : photo.clone();
    }

    /** A copy of the photo, or null. */
    @Override
    public byte[] photo() {
        return photo == null ? null : photo.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IdentityRecord that && uid.equals(that.uid) && name.equals(that.name)
                && dob.equals(that.dob) && gender == that.gender && mobile.equals(that.mobile)
                && Objects.equals(email, that.email) && Arrays.equals(photo, that.photo);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uid, name, dob, gender, mobile, email) * 31 + Arrays.hashCode(photo);
    }

    @Override
    public String toString() {
        return "IdentityRecord[uid=" + uid.masked() + ", name=" + name + ", gender=" + gender + ", mobile="
                + mobile.masked() + ", photo=" + (photo == null ? "(none)" : photo.length + " bytes") + "]";
    }
}
