package org.tijori.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * What a request that Spring Security's firewall refuses before anything else reads it is told (a header value
 * outside ASCII, a {@code ;} or an encoded {@code /} in the path): a 400 in the answer's usual shape, DigiLocker's
 * {@code {"error","error_description"}} under {@code /public/}, a problem for the other APIs, the error page for a
 * page, instead of an empty body. The firewall's own message, which quotes the request, is not echoed.
 */
@Component
class RejectedRequests implements RequestRejectedHandler {

    static final String DESCRIPTION = "The request was refused before it was read: its address, or a header, holds "
            + "characters that are not allowed (a header value outside ASCII must be percent-encoded UTF-8).";

    private final Problems problems;

    RejectedRequests(Problems problems) {
        this.problems = problems;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
            RequestRejectedException rejected) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith(PublicPathErrors.PREFIX)) {
            PublicPathErrors.write(response, HttpStatus.BAD_REQUEST, DESCRIPTION);
        }
        else if (ErrorPagesController.isApi(path)) {
            problems.write(request, response, HttpStatus.BAD_REQUEST, "rejected-request", DESCRIPTION);
        }
        else {
            // A page: the error page, in the reader's language.
            response.sendError(HttpStatus.BAD_REQUEST.value());
        }
    }
}
