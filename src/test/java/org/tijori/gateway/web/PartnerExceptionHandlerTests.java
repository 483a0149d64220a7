package org.tijori.gateway.web;

import org.junit.jupiter.api.Test;
import org.tijori.gateway.GatewayProblemException;
import org.tijori.gateway.GatewayProblemException.Kind;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a partner API controller's errors are answered: DigiLocker's body with the problem's code and status, Spring
 * MVC's own errors as 4xx saying what was wrong, anything unexpected as {@code 500 unexpected_error} without its
 * cause; and only for controllers marked {@link PartnerApi}.
 */
class PartnerExceptionHandlerTests {

    final MockMvcTester mvc = MockMvcTester.create(MockMvcBuilders
            .standaloneSetup(new SamplePartnerApiController(), new OtherApiController())
            .setControllerAdvice(new PartnerExceptionHandler()).build());

    @Test
    void aProblemIsAnsweredWithItsCodeAndTheStatusOfItsKind() {
        assertAnswer(mvc.get().uri("/sample/problem").param("kind", "NOT_FOUND").exchange(), 404, "invalid_uri",
                "No document of yours has this URI.");
        assertAnswer(mvc.get().uri("/sample/problem").param("kind", "INVALID").exchange(), 400, "invalid_uri",
                "No document of yours has this URI.");
        assertAnswer(mvc.get().uri("/sample/problem").param("kind", "FORBIDDEN").exchange(), 403, "invalid_uri",
                "No document of yours has this URI.");
        assertAnswer(mvc.get().uri("/sample/problem").param("kind", "CONFLICT").exchange(), 409, "invalid_uri",
                "No document of yours has this URI.");
        assertAnswer(mvc.get().uri("/sample/problem").param("kind", "UNAVAILABLE").exchange(), 503, "invalid_uri",
                "No document of yours has this URI.");
        assertAnswer(mvc.get().uri("/sample/problem").param("kind", "BAD_ANSWER").exchange(), 502, "invalid_uri",
                "No document of yours has this URI.");
    }

    /**
     * Errors of the handler's own arguments. A wrong method or media type is found before any handler is, so no
     * controller's advice answers it: the error page does, with the same body under {@code /public}.
     */
    @Test
    void springsOwnErrorsSayWhatWasWrongInDigiLockersBody() throws Exception {
        MvcTestResult missing = mvc.get().uri("/sample/problem").exchange();
        MvcTestResult notAKind = mvc.get().uri("/sample/problem").param("kind", "NOPE").exchange();
        MvcTestResult unreadable = mvc.post().uri("/sample/json").contentType(MediaType.APPLICATION_JSON)
                .content("{not json").exchange();

        assertAnswer(missing, 400, "invalid_request", null);
        assertThat(missing.getResponse().getContentAsString()).contains("kind");
        assertAnswer(notAKind, 400, "invalid_request", null);
        assertAnswer(unreadable, 400, "invalid_request", null);
    }

    @Test
    void anUnexpectedFailureTellsNothingOfItsCause() throws Exception {
        MvcTestResult failed = mvc.get().uri("/sample/failure").exchange();

        assertAnswer(failed, 500, "unexpected_error", "Internal server error");
        assertThat(failed.getResponse().getContentAsString()).doesNotContain("secret detail");
    }

    @Test
    void answersOnlyForPartnerApiControllers() {
        assertThat(mvc.get().uri("/other/failure")).hasFailed().failure()
                .hasRootCauseMessage("secret detail of another API");
    }

    private static void assertAnswer(MvcTestResult result, int status, String error, String description) {
        assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().extractingPath("$.error").isEqualTo(error);
        assertThat(result).bodyJson().extractingPath("$.error_description").asString().isNotBlank();
        if (description != null) {
            assertThat(result).bodyJson().extractingPath("$.error_description").isEqualTo(description);
        }
        assertThat(result).bodyJson().doesNotHavePath("$.type");
    }

    @PartnerApi
    @RestController
    static class SamplePartnerApiController {

        @GetMapping("/sample/problem")
        String problem(@RequestParam Kind kind) {
            throw new GatewayProblemException(kind, "invalid_uri", "No document of yours has this URI.");
        }

        @PostMapping(path = "/sample/json", consumes = MediaType.APPLICATION_JSON_VALUE)
        Named json(@org.springframework.web.bind.annotation.RequestBody Named body) {
            return body;
        }

        @GetMapping("/sample/failure")
        String failure() {
            throw new IllegalStateException("secret detail of the partner API");
        }
    }

    record Named(String name) {
    }

    @RestController
    static class OtherApiController {

        @GetMapping("/other/failure")
        String failure() {
            throw new IllegalStateException("secret detail of another API");
        }
    }
}
