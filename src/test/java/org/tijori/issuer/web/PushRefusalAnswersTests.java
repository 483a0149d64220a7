package org.tijori.issuer.web;

import org.junit.jupiter.api.Test;
import org.tijori.issuer.intake.PushOutcome.Refusal;
import org.tijori.issuer.intake.PushOutcome.Refused;
import org.tijori.issuer.web.PushRefusalAnswers.Endpoint;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one table of answers to refused issuer requests, and the deliberate differences between DigiLocker's two
 * push endpoints that it keeps.
 */
class PushRefusalAnswersTests {

    static Refused refused(Refusal kind, String code) {
        return new Refused("ts", "txn", kind, code, "why");
    }

    @Test
    void aLiveUriIsAConflictOnTheXmlPushAndABadParameterOnDigiLockersFormPush() {
        Refused exists = refused(Refusal.CONFLICT, "uri_exists");

        assertThat(PushRefusalAnswers.status(Endpoint.XML_PUSH, exists)).isEqualTo(HttpStatus.CONFLICT);
        assertThat(PushRefusalAnswers.code(Endpoint.XML_PUSH, exists)).isEqualTo("uri_exists");
        assertThat(PushRefusalAnswers.status(Endpoint.PUSH_URI, exists)).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(PushRefusalAnswers.code(Endpoint.PUSH_URI, exists)).isEqualTo("invalid_parameter");
        assertThat(PushRefusalAnswers.status(Endpoint.XML_PUSH, refused(Refusal.CONFLICT, "duplicate_txn")))
                .isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void answersADocTypeAndALockerAsEachWireFormatNamesThem() {
        Refused docType = refused(Refusal.FORBIDDEN, "invalid_doctype");
        Refused locker = refused(Refusal.INVALID, "invalid_digilocker_id");

        assertThat(PushRefusalAnswers.status(Endpoint.XML_PUSH, docType)).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(PushRefusalAnswers.code(Endpoint.XML_PUSH, docType)).isEqualTo("invalid_doctype");
        assertThat(PushRefusalAnswers.status(Endpoint.PUSH_URI, docType)).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(PushRefusalAnswers.code(Endpoint.PUSH_URI, docType)).isEqualTo("invalid_parameter");
        assertThat(PushRefusalAnswers.status(Endpoint.XML_PUSH, locker)).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(PushRefusalAnswers.status(Endpoint.PUSH_URI, locker)).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(PushRefusalAnswers.code(Endpoint.PUSH_URI, locker)).isEqualTo("invalid_digilocker_id");
    }

    @Test
    void everyOtherRefusalIsAnsweredByItsKindWithItsOwnCode() {
        for (Endpoint endpoint : Endpoint.values()) {
            assertThat(PushRefusalAnswers.status(endpoint, refused(Refusal.UNAUTHENTICATED, "invalid_client_id")))
                    .isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(PushRefusalAnswers.status(endpoint, refused(Refusal.NOT_FOUND, "uri_not_found")))
                    .isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(PushRefusalAnswers.status(endpoint, refused(Refusal.TOO_LARGE, "request_too_large")))
                    .isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
            assertThat(PushRefusalAnswers.status(endpoint, refused(Refusal.RATE_LIMITED, "too_many_requests")))
                    .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
            assertThat(PushRefusalAnswers.code(endpoint, refused(Refusal.INVALID, "replayed_request")))
                    .isEqualTo("replayed_request");
        }
        assertThat(PushRefusalAnswers.pushUriResponse(refused(Refusal.INVALID, "invalid_xml")))
                .contains("<ResponseStatus Status=\"0\"/><Error code=\"invalid_xml\">why</Error>");
    }
}
