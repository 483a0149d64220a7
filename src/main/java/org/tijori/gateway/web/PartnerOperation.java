package org.tijori.gateway.web;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.tijori.gateway.PartnerScope;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The 22 operations of DigiLocker's Authorized Partner API ({@code reference/digilocker-authpartner-openapi.yaml}),
 * under {@code /public}, with the aliases live clients call, how each proves who is calling, and the scopes a bearer
 * token needs for it (ADR 23's table). The partner filter chain, the limits read before a request and the tests all
 * take the operations from here, so that none of them lists the paths again.
 */
enum PartnerOperation {

    PUSH_URI(Proof.ISSUER, HttpMethod.POST, List.of("/public/account/1/pushuri")),
    VERIFY_ACCOUNT(Proof.ISSUER, HttpMethod.POST, List.of("/public/account/2/verify")),
    AUTHORIZE(Proof.SERVER, HttpMethod.GET, List.of("/public/oauth2/1/authorize")),
    DEVICE_CODE(Proof.SERVER, HttpMethod.POST, List.of("/public/oauth2/1/code")),
    UPLOAD(Proof.BEARER, HttpMethod.POST, List.of("/public/oauth2/1/file/upload"), PartnerScope.UPLOAD),
    FILE(Proof.BEARER, HttpMethod.GET, List.of("/public/oauth2/1/file/{uri}"), PartnerScope.ISSUED_DOCUMENTS,
            PartnerScope.UPLOADED_DOCUMENTS),
    UPLOADED_ROOT(Proof.BEARER, HttpMethod.GET, List.of("/public/oauth2/1/files/"), PartnerScope.UPLOADED_DOCUMENTS),
    // Before UPLOADED_FOLDER, whose pattern also matches it.
    ISSUED_V1(Proof.BEARER, HttpMethod.GET, List.of("/public/oauth2/1/files/issued"), PartnerScope.ISSUED_DOCUMENTS),
    UPLOADED_FOLDER(Proof.BEARER, HttpMethod.GET, List.of("/public/oauth2/1/files/{id}"),
            PartnerScope.UPLOADED_DOCUMENTS),
    PULL_DOC_TYPES(Proof.FORM, HttpMethod.POST, List.of("/public/oauth2/1/pull/doctype")),
    PULL_ISSUERS(Proof.FORM, HttpMethod.POST, List.of("/public/oauth2/1/pull/issuers")),
    PULL_PARAMETERS(Proof.FORM, HttpMethod.POST, List.of("/public/oauth2/1/pull/parameters")),
    PULL_DOCUMENT(Proof.BEARER, HttpMethod.POST, List.of("/public/oauth2/1/pull/pulldocument"), PartnerScope.PULL),
    REVOKE(Proof.SERVER, HttpMethod.POST, List.of("/public/oauth2/1/revoke")),
    TOKEN(Proof.SERVER, HttpMethod.POST, List.of("/public/oauth2/1/token", "/public/oauth2/2/token")),
    USER(Proof.BEARER, HttpMethod.GET, List.of("/public/oauth2/1/user", "/public/oauth2/2/user"),
            PartnerScope.USERDETAILS),
    XML(Proof.BEARER, HttpMethod.GET, List.of("/public/oauth2/1/xml/{uri}"), PartnerScope.ISSUED_DOCUMENTS),
    ISSUED_V2(Proof.BEARER, HttpMethod.GET, List.of("/public/oauth2/2/files/issued"), PartnerScope.ISSUED_DOCUMENTS),
    EAADHAAR(Proof.BEARER, HttpMethod.GET, List.of("/public/oauth2/2/xml/eaadhaar", "/public/oauth2/3/xml/eaadhaar"),
            PartnerScope.EAADHAAR),
    SIGN_UP_VERIFY(Proof.FORM, HttpMethod.POST, List.of("/public/signup/1/demoauthverify")),
    SIGN_UP(Proof.FORM, HttpMethod.POST, List.of("/public/signup/2/demoauth")),
    STATISTICS(Proof.FORM, HttpMethod.POST, List.of("/public/statistics/1/counts"));

    private final Proof proof;

    private final HttpMethod method;

    private final List<String> paths;

    private final Set<PartnerScope> scopes;

    private final RequestMatcher matcher;

    PartnerOperation(Proof proof, HttpMethod method, List<String> paths, PartnerScope... scopes) {
        this.proof = proof;
        this.method = method;
        this.paths = paths;
        this.scopes = Set.of(scopes);
        this.matcher = new OrRequestMatcher(paths.stream()
                .map(path -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(method, path))
                .toList());
    }

    Proof proof() {
        return proof;
    }

    HttpMethod method() {
        return method;
    }

    /** The path patterns, the reference file's first, then the aliases. */
    List<String> paths() {
        return paths;
    }

    /** The scopes of which a bearer token needs one; empty for the operations that take no bearer token. */
    Set<PartnerScope> scopes() {
        return scopes;
    }

    /** The authorities that allow a bearer operation: any one of its scopes. */
    String[] authorities() {
        return scopes.stream().map(PartnerScope::authority).sorted().toArray(String[]::new);
    }

    RequestMatcher matcher() {
        return matcher;
    }

    /**
     * The operation a request is, by method and path; none for any other request, and none for a path that is not
     * validly encoded (Spring's path parser refuses it; Tomcat answers such a request 400 before it gets here).
     */
    static Optional<PartnerOperation> of(HttpServletRequest request) {
        try {
            for (PartnerOperation operation : values()) {
                if (operation.matcher.matches(request)) {
                    return Optional.of(operation);
                }
            }
        }
        catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** How a request to an operation proves who sends it. */
    enum Proof {
        /** An issuer's credentials (the issuer module answers these). */
        ISSUER,
        /** The authorization server's own: client authentication, or a resident's session on {@code authorize}. */
        SERVER,
        /** {@code Authorization: Bearer} with an access token whose consent grants one of the operation's scopes. */
        BEARER,
        /** DigiLocker's form credential: {@code clientid}, {@code ts} and {@code hmac} in the body. */
        FORM
    }
}
