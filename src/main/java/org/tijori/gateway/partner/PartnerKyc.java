package org.tijori.gateway.partner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import org.tijori.gateway.GatewayProblemException;
import org.tijori.gateway.GatewayProblemException.Kind;
import org.tijori.gateway.token.PartnerAccess;
import org.tijori.identity.NationalIdLinks;
import org.tijori.issuer.idcard.NationalIdCards;

import org.springframework.stereotype.Service;

/**
 * DigiLocker's e-Aadhaar XML (ADR 23, #19) without HTTP: the national-ID card the resident holds, as the signed
 * e-KYC answer ({@code KycRes}) the ID authority's key signs, for a token whose consent grants {@code eaadhaar}.
 * Each answer is one access in the resident's connected apps and trail.
 */
@Service
public class PartnerKyc {

    /** The operation's name in the resident's connected apps and trail. */
    static final String OPERATION = "eaadhaar";

    private final NationalIdCards cards;

    private final NationalIdLinks nationalIds;

    private final AccessLog accessLog;

    PartnerKyc(NationalIdCards cards, NationalIdLinks nationalIds, AccessLog accessLog) {
        this.cards = cards;
        this.nationalIds = nationalIds;
        this.accessLog = accessLog;
    }

    /**
     * The signed {@code KycRes} of the resident the token stands for.
     *
     * @throws GatewayProblemException {@code 404 aadhaar_not_linked} when the resident has linked no national ID,
     *                                 {@code 404 aadhaar_not_available} when one is linked and its card is not held
     *                                 (yet: it is issued just after the link)
     */
    public byte[] kycXml(PartnerAccess access) {
        Optional<byte[]> kyc;
        try {
            kyc = cards.kycXml(access.account());
        }
        catch (IOException e) {
            throw new UncheckedIOException("the national-ID card could not be read", e);
        }
        if (kyc.isEmpty()) {
            if (nationalIds.linkOf(access.account()).isEmpty()) {
                throw new GatewayProblemException(Kind.NOT_FOUND, "aadhaar_not_linked",
                        "Aadhaar is not linked to the account");
            }
            throw new GatewayProblemException(Kind.NOT_FOUND, "aadhaar_not_available",
                    "Aadhaar data is not available for this user. Please perform Aadhaar eKYC again.");
        }
        accessLog.read(access, OPERATION, null);
        return kyc.get();
    }
}
