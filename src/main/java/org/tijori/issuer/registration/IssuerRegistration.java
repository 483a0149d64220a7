package org.tijori.issuer.registration;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.tijori.issuer.DocTypeCode;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.IssuerProblemException;
import org.tijori.issuer.IssuerProblemException.Kind;
import org.tijori.issuer.pull.ResidentField;
import org.tijori.issuer.rendering.RenderingStylesheet;
import org.tijori.signing.Certificates;

/**
 * What an issuer sends to register: who it is, where its Pull URI endpoint is, the certificate it
 * signs with, and the document types it publishes. It says itself what is wrong with it
 * ({@link #validate}); only the Pull URI address, which needs the network's view, is checked by
 * {@link IssuerRegistrations#register}.
 *
 * @param apiKey optional: the API key the issuer chose (its Pull URI endpoint may already check one); when
 *               absent Tijori generates one at approval. Redacted in {@link #toString()}.
 * @param category one of {@link IssuerCategory}, by its code ({@code central}, {@code state}, {@code education}...)
 * @param pullHmacEncoding optional: how the {@code x-digilocker-hmac} of Tijori's Pull URI requests is written,
 *                         {@code base64} (the default) or {@code base64-of-hex} ({@link PullHmacEncoding})
 * @param state optional: the state or union territory the issuer serves, by its two-letter code
 *              ({@link StateOrTerritory}); absent for an issuer of the whole country
 * @param nameHi optional: the issuer's name in Hindi, shown to residents on Hindi pages
 */
public record IssuerRegistration(String issuerId, String name, String category, String contactEmail,
        String pullUriUrl, String signingCertificatePem, List<DocTypeRegistration> docTypes, String apiKey,
        String pullHmacEncoding, String state, String nameHi) {

    /** The issuer ID of the documents residents upload themselves, as requesters see their URIs (ADR 23). */
    static final String RESERVED_ISSUER = "self";

    /** Element names a Pull URI request uses itself, which a search parameter cannot take. */
    private static final Set<String> RESERVED_PARAMETERS = Set.of("doctype", "digilockerid", "uid", "fullname", "dob");

    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    /** The shortest API key an issuer may choose: a generated one has 43 characters (256 random bits). */
    static final int MIN_CHOSEN_API_KEY = 32;

    static final int MAX_CHOSEN_API_KEY = 256;

    /** Fewer different characters than this make a key of repeats and runs, however long. */
    static final int MIN_DISTINCT_API_KEY_CHARACTERS = 12;

    /** A registration that leaves the API key to Tijori and the HMAC encoding at its default. */
    public IssuerRegistration(String issuerId, String name, String category, String contactEmail, String pullUriUrl,
            String signingCertificatePem, List<DocTypeRegistration> docTypes) {
        this(issuerId, name, category, contactEmail, pullUriUrl, signingCertificatePem, docTypes, null, null);
    }

    /** A registration without a state or a Hindi name, as before the directory listed them. */
    public IssuerRegistration(String issuerId, String name, String category, String contactEmail, String pullUriUrl,
            String signingCertificatePem, List<DocTypeRegistration> docTypes, String apiKey, String pullHmacEncoding) {
        this(issuerId, name, category, contactEmail, pullUriUrl, signingCertificatePem, docTypes, apiKey,
                pullHmacEncoding, null, null);
    }

    @Override
    public String toString() {
        return "IssuerRegistration[issuerId=" + issuerId + ", name=" + name + ", pullUriUrl=" + pullUriUrl
                + ", docTypes=" + (docTypes == null ? 0 : docTypes.size()) + ", apiKey="
                + (apiKey == null ? "none" : "***") + ", pullHmacEncoding=" + pullHmacEncoding + ", state=" + state + "]";
    }

    /**
     * This registration with every field checked and normalised, at {@code now} (for the certificate's
     * validity).
     *
     * @throws IssuerProblemException of kind {@code INVALID}, naming the first field that is wrong
     */
    public Valid validate(Instant now) {
        IssuerId issuer;
        try {
            issuer = new IssuerId(issuerId);
        }
        catch (IllegalArgumentException e) {
            throw invalid("issuerId.format", "issuerId: " + e.getMessage());
        }
        if (RESERVED_ISSUER.equals(issuer.value())) {
            // The access gateway names residents' own uploads self-UPLD-<hex> (ADR 23): no issuer may publish there.
            throw invalid("issuerId.reserved", "issuerId: " + RESERVED_ISSUER
                    + " is reserved for the documents residents upload.", RESERVED_ISSUER);
        }
        String checkedName = text("name", name, 200);
        IssuerCategory checkedCategory = category(category);
        StateOrTerritory checkedState = state(state);
        String checkedNameHi = optionalText("nameHi", nameHi, 200);
        String email = text("contactEmail", contactEmail, 254);
        if (!EMAIL.matcher(email).matches()) {
            throw invalid("contactEmail.format", "contactEmail: not an e-mail address.");
        }
        X509Certificate certificate = signingCertificate(signingCertificatePem, now);
        if (docTypes == null || docTypes.isEmpty() || docTypes.size() > 100) {
            throw invalid("docTypes.count", "docTypes: register 1 to 100 document types.");
        }
        Set<String> codes = new HashSet<>();
        List<ValidDocType> checkedDocTypes = new ArrayList<>();
        for (DocTypeRegistration docType : docTypes) {
            if (docType == null) {
                throw invalid("docTypes.empty", "docTypes: an entry is empty.");
            }
            ValidDocType checked = docType.validate();
            if (!codes.add(checked.code().value())) {
                throw invalid("docTypes.twice", "docTypes: " + docType.code() + " is listed twice.",
                        checked.code().value());
            }
            checkedDocTypes.add(checked);
        }
        PullHmacEncoding encoding = pullHmacEncoding == null || pullHmacEncoding.isBlank() ? PullHmacEncoding.BASE64
                : PullHmacEncoding.ofCode(pullHmacEncoding.strip()).orElseThrow(
                        () -> invalid("pullHmacEncoding.unknown", "pullHmacEncoding: base64 or base64-of-hex."));
        String chosenApiKey = apiKey == null || apiKey.isEmpty() ? null : checkChosenApiKey(apiKey);
        return new Valid(issuer, checkedName, checkedCategory.code(), email, certificate, encoding, chosenApiKey,
                List.copyOf(checkedDocTypes), checkedState, checkedNameHi);
    }

    /** A category by its code, or a message that lists the codes. */
    public static IssuerCategory category(String code) {
        return IssuerCategory.ofCode(code).orElseThrow(() -> invalid("category.unknown", "category: one of "
                + IssuerCategory.codes() + "."));
    }

    /** A state or union territory by its two-letter code, or none for an absent or blank one. */
    public static StateOrTerritory state(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        return StateOrTerritory.ofCode(code).orElseThrow(() -> invalid("state.unknown", "state: the two-letter code of a "
                + "state or union territory (ISO 3166-2:IN), such as mh or dl, or none for the whole country."));
    }

    /** An optional text, stripped; null when absent or blank. */
    static String optionalText(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.strip().length() > max) {
            throw invalid(field + ".too-long", field + ": at most " + max + " characters.", max);
        }
        return value.strip();
    }

    /**
     * An issuer's signing certificate in PEM, if it is one Tijori accepts at {@code now}: readable, with a
     * key strong enough, not expired.
     */
    static X509Certificate signingCertificate(String pem, Instant now) {
        if (pem == null || pem.isBlank() || pem.length() > 20_000) {
            throw invalid("signingCertificatePem.required",
                    "signingCertificatePem: the issuer's X.509 signing certificate in PEM.");
        }
        X509Certificate certificate;
        try {
            certificate = Certificates.parsePem(pem);
        }
        catch (IllegalArgumentException e) {
            throw invalid("signingCertificatePem.unreadable", "signingCertificatePem: " + e.getMessage());
        }
        try {
            Certificates.checkSigningKey(certificate);
        }
        catch (IllegalArgumentException e) {
            throw invalid("signingCertificatePem.weak", "signingCertificatePem: " + e.getMessage());
        }
        if (certificate.getNotAfter().toInstant().isBefore(now)) {
            throw invalid("signingCertificatePem.expired", "signingCertificatePem: the certificate has expired.");
        }
        return certificate;
    }

    /** A doc type's XSLT, if it compiles under the rendering's restrictions. */
    static void checkStylesheet(String xslt) {
        try {
            RenderingStylesheet.compile(xslt);
        }
        catch (IllegalArgumentException e) {
            throw invalid("docTypes.xslt", "docTypes.xslt: " + e.getMessage());
        }
    }

    /**
     * An API key the issuer chose, if it is strong enough: it keys the MAC of every Pull URI request and
     * the key hash of every push, so it must be as hard to guess as a generated one. The message never
     * repeats the key.
     */
    private static String checkChosenApiKey(String apiKey) {
        if (apiKey.length() < MIN_CHOSEN_API_KEY || apiKey.length() > MAX_CHOSEN_API_KEY) {
            throw invalid("apiKey.length", "apiKey: choose " + MIN_CHOSEN_API_KEY + " to " + MAX_CHOSEN_API_KEY
                    + " characters, or leave it out and Tijori generates one.", MIN_CHOSEN_API_KEY, MAX_CHOSEN_API_KEY);
        }
        if (!apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw invalid("apiKey.characters",
                    "apiKey: only letters, digits and printable ASCII symbols, without spaces.");
        }
        if (apiKey.chars().distinct().count() < MIN_DISTINCT_API_KEY_CHARACTERS) {
            throw invalid("apiKey.weak", "apiKey: too weak: use at least " + MIN_DISTINCT_API_KEY_CHARACTERS
                    + " different characters, such as a random string from a password generator.",
                    MIN_DISTINCT_API_KEY_CHARACTERS);
        }
        return apiKey;
    }

    private static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw invalid(field + ".required", field + ": required.");
        }
        if (value.strip().length() > max) {
            throw invalid(field + ".too-long", field + ": at most " + max + " characters.", max);
        }
        return value.strip();
    }

    /** A refusal of the field the code begins with, worded for pages by {@code issuer.problem.<code>}. */
    private static IssuerProblemException invalid(String code, String message, Object... arguments) {
        return new IssuerProblemException(Kind.INVALID, code, arguments, message);
    }

    /**
     * A registration whose every field holds, normalised (stripped, lower-case category).
     *
     * @param apiKey the key the issuer chose, or null for one generated at approval; redacted in {@link #toString()}
     * @param state the state or union territory it serves, or null
     * @param nameHi its Hindi name, or null
     */
    public record Valid(IssuerId issuer, String name, String category, String email, X509Certificate certificate,
            PullHmacEncoding pullHmacEncoding, String apiKey, List<ValidDocType> docTypes, StateOrTerritory state,
            String nameHi) {

        @Override
        public String toString() {
            return "Valid[" + issuer + "]";
        }
    }

    /**
     * A doc type whose every field holds: description empty rather than absent, no XSLT rather than a blank one.
     *
     * @param residentFields in the order of {@link ResidentField}
     * @param nameHi its Hindi name, or null
     */
    public record ValidDocType(DocTypeCode code, String name, String description, List<SearchParameter> searchParameters,
            String xslt, List<ResidentField> residentFields, String nameHi) {
    }

    /**
     * A document type and the parameters a resident fills to pull one.
     *
     * @param xslt optional: how its documents print, from the Certificate XML to Tijori's rendering
     *             vocabulary ({@code Rendering/Section/Field})
     * @param residentFields optional: which details of the resident a search needs besides the parameters,
     *                       by {@link ResidentField#element()} ({@code UID}, {@code UIDHash} for the MD5 of
     *                       the national ID, {@code FullName}, {@code DOB}); none are sent unless listed
     * @param nameHi optional: its name in Hindi, shown to residents on Hindi pages
     */
    public record DocTypeRegistration(String code, String name, String description,
            List<SearchParameter> searchParameters, String xslt, List<String> residentFields, String nameHi) {

        /** A doc type without a Hindi name. */
        public DocTypeRegistration(String code, String name, String description, List<SearchParameter> searchParameters,
                String xslt, List<String> residentFields) {
            this(code, name, description, searchParameters, xslt, residentFields, null);
        }

        /** This doc type with every field checked. */
        ValidDocType validate() {
            DocTypeCode checkedCode;
            try {
                checkedCode = new DocTypeCode(code);
            }
            catch (IllegalArgumentException e) {
                throw invalid("docTypes.code.format", "docTypes.code: " + e.getMessage());
            }
            String checkedName = text("docTypes.name", name, 200);
            String checkedNameHi = optionalText("docTypes.nameHi", nameHi, 200);
            if (description != null && description.length() > 1000) {
                throw invalid("docTypes.description.too-long", "docTypes.description: at most 1,000 characters.",
                        1000);
            }
            List<SearchParameter> parameters = checkedSearchParameters();
            List<ResidentField> fields = checkedResidentFields();
            boolean hasXslt = xslt != null && !xslt.isBlank();
            if (hasXslt) {
                checkStylesheet(xslt);
            }
            return new ValidDocType(checkedCode, checkedName, description == null ? "" : description.strip(), parameters,
                    hasXslt ? xslt : null, fields, checkedNameHi);
        }

        private List<SearchParameter> checkedSearchParameters() {
            List<SearchParameter> parameters = searchParameters == null ? List.of() : searchParameters;
            if (parameters.size() > 10) {
                throw invalid("docTypes.searchParameters.count", "docTypes.searchParameters: at most 10 for " + code + ".",
                        code);
            }
            List<String> names = new ArrayList<>();
            for (SearchParameter parameter : parameters) {
                if (parameter == null || parameter.paramname() == null
                        || !PARAMETER_NAME.matcher(parameter.paramname()).matches()) {
                    throw invalid("docTypes.searchParameters.paramname.format",
                            "docTypes.searchParameters.paramname: a letter, then up to 39 letters, digits or _.");
                }
                String lower = parameter.paramname().toLowerCase(Locale.ROOT);
                if (RESERVED_PARAMETERS.contains(lower) || names.contains(lower)) {
                    throw invalid("docTypes.searchParameters.paramname.taken", "docTypes.searchParameters.paramname: "
                            + parameter.paramname() + " is taken by the Pull URI request or listed twice.",
                            parameter.paramname());
                }
                names.add(lower);
                text("docTypes.searchParameters.label", parameter.label(), 100);
                if (parameter.example() != null && parameter.example().length() > 100) {
                    throw invalid("docTypes.searchParameters.example.too-long",
                            "docTypes.searchParameters.example: at most 100 characters.", 100);
                }
            }
            return List.copyOf(parameters);
        }

        /** The resident details the doc type's search needs, in the order of {@link ResidentField}. */
        private List<ResidentField> checkedResidentFields() {
            List<String> declared = residentFields == null ? List.of() : residentFields;
            Set<ResidentField> fields = EnumSet.noneOf(ResidentField.class);
            for (String element : declared) {
                ResidentField field = ResidentField.ofElement(element == null ? "" : element.strip()).orElseThrow(
                        () -> invalid("docTypes.residentFields.unknown", "docTypes.residentFields: " + element
                                + " is not one of UID, UIDHash, FullName or DOB.", String.valueOf(element)));
                if (!fields.add(field)) {
                    throw invalid("docTypes.residentFields.twice", "docTypes.residentFields: " + element
                            + " is listed twice for " + code + ".", element, code);
                }
                if (fields.contains(ResidentField.UID) && fields.contains(ResidentField.UID_HASH)) {
                    throw invalid("docTypes.residentFields.both", "docTypes.residentFields: UID and UIDHash both "
                            + "fill the UID element; choose one for " + code + ".", code);
                }
            }
            return List.copyOf(fields);
        }
    }

    /**
     * One search parameter of a document type.
     *
     * @param paramname the element name it takes in a {@code PullURIRequest}
     */
    public record SearchParameter(String paramname, String label, String example) {
    }
}
