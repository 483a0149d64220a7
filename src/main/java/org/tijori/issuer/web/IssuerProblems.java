package org.tijori.issuer.web;

import org.tijori.issuer.IssuerProblemException;

import org.springframework.http.HttpStatus;

/** The status a page answers with when a request about an issuer cannot be granted. */
final class IssuerProblems {

    private IssuerProblems() {
    }

    static HttpStatus status(IssuerProblemException e) {
        return switch (e.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
    }
}
