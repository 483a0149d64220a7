package org.tijori.issuer.intake;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Base64;

import org.tijori.issuer.DocumentUri;

import static org.tijori.issuer.intake.PushRefusedException.invalid;

/**
 * Reads DigiLocker's form push by locker ID ({@code /account/1/pushuri}, API.md 4.3) as a {@link PushCommand}:
 * the URI is sent whole, and {@code doctype} and {@code docid} must restate it; dates are {@code DDMMYYYY},
 * {@code issuedate} required unless the push deletes; {@code datacontent} and {@code doccontent} optional.
 * Refusals speak of the form's parameters, as DigiLocker's do.
 */
final class FormPushReader {

    private static final DateTimeFormatter COMPACT_DAY = DateTimeFormatter.ofPattern("ddMMuuuu")
            .withResolverStyle(ResolverStyle.STRICT);

    private FormPushReader() {
    }

    static PushCommand command(UriPush push) {
        DocumentUri uri;
        try {
            uri = DocumentUri.parse(push.uri());
        }
        catch (IllegalArgumentException e) {
            throw invalid("invalid_parameter", "URI parameter is missing or invalid: " + e.getMessage());
        }
        if (push.doctype() == null || !push.doctype().strip().equals(uri.docType().value())) {
            throw invalid("invalid_parameter", "Doctype parameter is missing or invalid: it must be the URI's.");
        }
        if (push.docid() == null || !push.docid().strip().equals(uri.docId())) {
            throw invalid("invalid_parameter", "Docid parameter is missing or invalid: it must be the URI's.");
        }
        PushAction action = PushAction.parse(push.action(), "Action parameter");
        LocalDate issuedOn = day(push.issuedate(), "Issuedate", action != PushAction.DELETE);
        LocalDate validFrom = day(push.validfrom(), "Validfrom", false);
        LocalDate validTo = day(push.validto(), "Validto", false);
        return new PushCommand(uri, action, new PushCommand.ByLocker(push.digilockerid()), push.description(),
                issuedOn, validFrom, validTo, content(push.datacontent(), "datacontent"),
                content(push.doccontent(), "doccontent"));
    }

    private static LocalDate day(String value, String name, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw invalid("invalid_parameter", name + " parameter is missing or invalid: DDMMYYYY.");
            }
            return null;
        }
        try {
            return LocalDate.parse(value.strip(), COMPACT_DAY);
        }
        catch (DateTimeParseException e) {
            throw invalid("invalid_parameter", name + " parameter is missing or invalid: DDMMYYYY.");
        }
    }

    private static byte[] content(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Base64.getMimeDecoder().decode(value);
        }
        catch (IllegalArgumentException e) {
            throw invalid("invalid_parameter", field + " is not valid Base64.");
        }
    }
}
