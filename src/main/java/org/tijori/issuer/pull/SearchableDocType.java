package org.tijori.issuer.pull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.tijori.issuer.DocTypeCode;
import org.tijori.issuer.HindiNames;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.registration.IssuerRegistration.SearchParameter;

/**
 * A doc type of an approved issuer as a resident searches for it: the parameters to fill in, in the
 * issuer's order, with the labels and examples of its registration. Every parameter must be filled in:
 * the issuer's Pull URI endpoint receives each of them.
 *
 * @param category the code of the issuer's category ({@code central}, {@code education}...)
 * @param residentFields the resident's details a search sends to the issuer besides the parameters; the
 *                       resident is shown them before searching
 * @param searchable whether the issuer answers searches at all (it registered a Pull URI address)
 * @param issuerNameHi the issuer's Hindi name, or null
 * @param nameHi the doc type's Hindi name, or null
 */
public record SearchableDocType(IssuerId issuer, String issuerName, String category, DocTypeCode code, String name,
        String description, List<SearchParameter> parameters, List<ResidentField> residentFields,
        boolean searchable, String issuerNameHi, String nameHi) {

    /** The issuer's name as a reader of this language reads it. */
    public String issuerName(Locale locale) {
        return HindiNames.pick(locale, issuerName, issuerNameHi);
    }

    /** The doc type's name as a reader of this language reads it. */
    public String name(Locale locale) {
        return HindiNames.pick(locale, name, nameHi);
    }

    /** The longest value of one parameter. */
    public static final int MAX_VALUE_LENGTH = 200;

    public SearchableDocType {
        parameters = List.copyOf(parameters);
        residentFields = List.copyOf(residentFields);
    }

    /** What is wrong with these values, by {@code paramname} in the issuer's order; empty when they will do. */
    public Map<String, ParameterProblem> problems(Map<String, String> values) {
        Map<String, ParameterProblem> problems = new LinkedHashMap<>();
        for (SearchParameter parameter : parameters) {
            String value = values == null ? null : values.get(parameter.paramname());
            if (value == null || value.isBlank()) {
                problems.put(parameter.paramname(), ParameterProblem.MISSING);
            }
            else if (value.strip().length() > MAX_VALUE_LENGTH) {
                problems.put(parameter.paramname(), ParameterProblem.TOO_LONG);
            }
        }
        return Collections.unmodifiableMap(problems);
    }

    /** The values of this doc type's parameters, trimmed, in the issuer's order; others are left out. */
    Map<String, String> values(Map<String, String> values) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (SearchParameter parameter : parameters) {
            String value = values == null ? null : values.get(parameter.paramname());
            kept.put(parameter.paramname(), value == null ? "" : value.strip());
        }
        return kept;
    }

    /** The label of a parameter, as the issuer registered it. */
    public String label(String paramname) {
        return parameters.stream().filter(parameter -> parameter.paramname().equals(paramname))
                .map(SearchParameter::label).findFirst().orElse(paramname);
    }

    /** Why the value of a search parameter will not do. */
    public enum ParameterProblem {
        MISSING, TOO_LONG
    }
}
