package org.tijori.issuer.registration;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The Indian state or union territory an issuer serves, by the letters of its ISO 3166-2:IN code in
 * lower case ({@link #code()}); an issuer serving the whole country has none. In the order of the
 * English names, as the directory's filter lists them.
 */
public enum StateOrTerritory {

    AN, AP, AR, AS, BR, CH, CG, DH, DL, GA, GJ, HR, HP, JK, JH, KA, KL, LA, LD, MP, MH, MN, ML, MZ, NL, OD, PY, PB,
    RJ, SK, TN, TS, TR, UP, UK, WB;

    /** The two letters registrations and links use, such as {@code mh}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state of a code, in any case and with spaces around it; empty for anything else. */
    public static Optional<StateOrTerritory> ofCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String wanted = code.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(state -> state.code().equals(wanted)).findFirst();
    }
}
