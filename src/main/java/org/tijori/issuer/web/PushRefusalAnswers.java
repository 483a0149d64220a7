package org.tijori.issuer.web;

import java.util.Map;

import org.tijori.issuer.intake.PushOutcome;
import org.tijori.issuer.intake.PushOutcome.Refusal;
import org.tijori.signing.SecureXml;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * How a refused issuer request is answered, for every endpoint that takes one: the one table of HTTP statuses
 * and error codes. The intake refuses with a kind and its own stable code (also what the issuer's portal and
 * the trail show); each endpoint answers with the status of that kind, unless its wire format names the
 * refusal otherwise, below.
 * <p>
 * The two DigiLocker endpoints answer a URI that is already live differently, on purpose:
 * <ul>
 * <li>the XML push by national ID ({@code /public/issuer/issuedoc/1/xml}) answers {@code 409 uri_exists}, as
 * every conflict of Tijori's own endpoints (and a replayed {@code txn}, {@code 409 duplicate_txn});</li>
 * <li>DigiLocker's form push by locker ID ({@code /public/account/1/pushuri}) answers
 * {@code 400 invalid_parameter} with "URI already exists in this account" (or "in another account"), as
 * DigiLocker's partner API reference ({@code digilocker-authpartner-openapi.yaml}) lists it among the bad
 * parameters: that endpoint has no 409 at all. For the same reason it answers an unregistered doc type as
 * {@code 400 invalid_parameter} ("Doctype parameter is missing or invalid"), and a DigiLocker ID that names no
 * locker as {@code 404 invalid_digilocker_id}, where the XML push answers {@code 403 invalid_doctype} and
 * {@code 400 invalid_digilocker_id}.</li>
 * </ul>
 */
final class PushRefusalAnswers {

    /** The endpoints that answer a refused issuer request. */
    enum Endpoint {
        /** {@code /public/issuer/issuedoc/1/xml}: a {@code PushUriResponse}. */
        XML_PUSH,
        /** {@code /public/account/1/pushuri}: DigiLocker's {@code {"error","error_description"}}. */
        PUSH_URI,
        /** {@code /public/account/2/verify}: DigiLocker's {@code {"error","error_description"}}. */
        VERIFY,
        /** {@code /public/issuer/1/status} (Tijori's own), answered as DigiLocker's forms are. */
        STATUS
    }

    /** Where a wire format names a refusal otherwise than by its kind: the status and the code it answers. */
    private record Answer(HttpStatus status, String code) {
    }

    /** By the intake's code, per endpoint; every other refusal is answered by its kind with its own code. */
    private static final Map<Endpoint, Map<String, Answer>> NAMED_OTHERWISE = Map.of(
            Endpoint.PUSH_URI, Map.of(
                    "uri_exists", new Answer(HttpStatus.BAD_REQUEST, "invalid_parameter"),
                    "invalid_doctype", new Answer(HttpStatus.BAD_REQUEST, "invalid_parameter"),
                    "invalid_digilocker_id", new Answer(HttpStatus.NOT_FOUND, "invalid_digilocker_id")));

    private PushRefusalAnswers() {
    }

    /** The status a refusal is answered with on an endpoint. */
    static HttpStatus status(Endpoint endpoint, PushOutcome.Refused refused) {
        Answer named = NAMED_OTHERWISE.getOrDefault(endpoint, Map.of()).get(refused.code());
        return named != null ? named.status() : status(endpoint, refused.kind());
    }

    /** The error code a refusal is answered with on an endpoint. */
    static String code(Endpoint endpoint, PushOutcome.Refused refused) {
        Answer named = NAMED_OTHERWISE.getOrDefault(endpoint, Map.of()).get(refused.code());
        return named != null ? named.code() : refused.code();
    }

    private static HttpStatus status(Endpoint endpoint, Refusal kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            // DigiLocker's forms know no 409: a conflict there is a bad parameter.
            case CONFLICT -> endpoint == Endpoint.XML_PUSH ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
        };
    }

    /** DigiLocker's JSON error for a refusal on one of its form endpoints. */
    static ResponseEntity<Map<String, Object>> digiLockerError(Endpoint endpoint, PushOutcome.Refused refused) {
        return DigiLockerErrors.of(status(endpoint, refused), code(endpoint, refused), refused.reason());
    }

    /** DigiLocker's {@code PushUriResponse} for an outcome of the XML push, every value escaped. */
    static String pushUriResponse(PushOutcome outcome) {
        String head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><PushUriResponse ts=\""
                + SecureXml.escape(outcome.ts()) + "\" txn=\"" + SecureXml.escape(outcome.txn()) + "\">";
        if (outcome instanceof PushOutcome.Refused refused) {
            return head + "<ResponseStatus Status=\"0\"/><Error code=\""
                    + SecureXml.escape(code(Endpoint.XML_PUSH, refused)) + "\">" + SecureXml.escape(refused.reason())
                    + "</Error></PushUriResponse>";
        }
        // DigiLocker's own answer: the status again as text, and the request's ts and txn on ResponseStatus.
        return head + "<ResponseStatus Status=\"1\" ts=\"" + SecureXml.escape(outcome.ts()) + "\" txn=\""
                + SecureXml.escape(outcome.txn()) + "\">1</ResponseStatus><URI>"
                + SecureXml.escape(((PushOutcome.Accepted) outcome).uri().toString()) + "</URI></PushUriResponse>";
    }
}
