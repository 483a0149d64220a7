package org.tijori.gateway.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.tijori.gateway.partner.PartnerUploads;
import org.tijori.gateway.token.PartnerAccess;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * DigiLocker's upload (ADR 23, operation 5): the file is the raw body, where it goes the {@code path} header, its
 * integrity the {@code hmac} header. The answer has the reference file's fields flat ({@code Path}, and {@code size}
 * as a string), as API.md asks of answers the file nests in {@code details}. {@link PartnerAdmission} has already
 * refused a body that does not declare its length or declares more than an upload may be; what the request says is
 * {@link PartnerUploads}'s to judge.
 */
@PartnerApi
@RestController
@Tag(name = "Partner API")
class PartnerUploadApiController {

    /** The header naming where the file goes: {@code /Folder/name.pdf} or {@code name.pdf}. */
    static final String PATH = "path";

    private final PartnerUploads uploads;

    PartnerUploadApiController(PartnerUploads uploads) {
        this.uploads = uploads;
    }

    // No "consumes": a missing or wrong Content-Type is DigiLocker's contenttype_missing or invalid_filetype, not 415.
    @PostMapping(path = "/public/oauth2/1/file/upload", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Puts a file (PDF, JPEG, PNG) into the resident's uploaded documents")
    Map<String, String> upload(@AuthenticationPrincipal PartnerAccess access, HttpServletRequest request)
            throws IOException {
        Header path = header(request, PATH);
        Header hmac = header(request, PartnerFilesApiController.HMAC);
        PartnerUploads.Uploaded uploaded = uploads.upload(access, new PartnerUploads.Request(path.value(),
                path.refused(), hmac.value(), hmac.refused(), request.getContentType(), request.getContentLengthLong()),
                request.getInputStream());
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("Path", uploaded.path());
        answer.put("size", Long.toString(uploaded.size()));
        return answer;
    }

    /**
     * A header as the application's firewall lets it be read: one with characters outside ASCII is refused there
     * (as an exception on reading it), which is the request's fault and DigiLocker's code, not an unexpected error.
     */
    private static Header header(HttpServletRequest request, String name) {
        try {
            return new Header(request.getHeader(name), false);
        }
        catch (RequestRejectedException refused) {
            return new Header(null, true);
        }
    }

    private record Header(String value, boolean refused) {
    }
}
