package org.tijori.gateway.web;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.tijori.gateway.partner.PartnerSignUps;
import org.tijori.gateway.partner.PartnerSignUps.SignUpTokens;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * DigiLocker's sign-up operations (ADR 23, #20 and #21), each proven by the form credential before any other field is
 * looked at (in {@link PartnerSignUps}), for requesters an administrator lets open lockers. The fields are the
 * reference file's, as a form (URL-encoded or multipart); answers are flat where the file nests them in
 * {@code details}.
 */
@PartnerApi
@RestController
class PartnerSignUpApiController {

    private final PartnerSignUps signUps;

    PartnerSignUpApiController(PartnerSignUps signUps) {
        this.signUps = signUps;
    }

    @PostMapping(path = "/public/signup/2/demoauth", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> demoAuth(@RequestParam Map<String, String> form, HttpServletRequest request) {
        return Map.of("mobile", signUps.demoAuth(form, request.getRemoteAddr()));
    }

    @PostMapping(path = "/public/signup/1/demoauthverify", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> verify(@RequestParam Map<String, String> form, HttpServletRequest request) {
        SignUpTokens tokens = signUps.verify(form, request.getRemoteAddr());
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("access_token", tokens.accessToken());
        answer.put("expires_in", Long.toString(tokens.expiresIn()));
        answer.put("token_type", "Bearer");
        answer.put("scope", tokens.scope());
        answer.put("refresh_token", tokens.refreshToken());
        return answer;
    }
}
