package org.tijori.web;

import java.io.IOException;

import org.apache.catalina.connector.ClientAbortException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(OutputCaptureExtension.class)
class PageExceptionHandlerTests {

    private final PageExceptionHandler handler = new PageExceptionHandler();

    private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/locker/uploaded/1/download");

    private final MockHttpServletResponse response = new MockHttpServletResponse();

    @Test
    void leavesAClientThatWentAwayToTheContainerWithoutLoggingAnError(CapturedOutput output) {
        for (Exception gone : new Exception[] { new AsyncRequestNotUsableException("Response not usable"),
                new ClientAbortException(new IOException("Broken pipe")) }) {
            assertThatThrownBy(() -> handler.failed(gone, request, response)).isSameAs(gone);
        }

        assertThat(output).doesNotContain("Unexpected error");
        assertThat(response.getStatus()).isEqualTo(200);
    }

    @Test
    void answersAMalformedParameterWith400AndLogsNothing(CapturedOutput output) throws Exception {
        var malformed = new MethodArgumentTypeMismatchException("many", Integer.class, "uploaded", null,
                new NumberFormatException("For input string: \"many\""));

        var page = handler.failed(malformed, request, response);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(page.getStatus()).hasToString("400 BAD_REQUEST");
        assertThat(output).doesNotContain("Unexpected error");
    }

    @Test
    void logsAnUnexpectedFailureOnceAndAnswers500(CapturedOutput output) throws Exception {
        handler.failed(new IllegalStateException("the vault is on fire"), request, response);

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(output).containsOnlyOnce("Unexpected error while answering GET /locker/uploaded/1/download");
    }
}
