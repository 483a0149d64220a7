package org.tijori.gateway.consent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tijori.TijoriProperties;
import org.tijori.account.LockerId;
import org.tijori.gateway.token.GatewayKeys;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

/**
 * Consent receipts (ADR 23): a compact JWS, RS256 with the gateway's signing key (its {@code kid} in the header, the
 * key listed in the JWKS for good), whose claims follow the Kantara Consent Receipt 1.1 where it names one. A
 * resident downloads it; anyone can check it against {@code /public/oauth2/1/jwks} years later.
 */
@Component
public class ConsentReceipts {

    /** The Kantara specification version the claims follow. */
    static final String VERSION = "KI-CR-v1.1.0";

    private final JwtEncoder encoder;

    private final String issuer;

    ConsentReceipts(GatewayKeys keys, TijoriProperties tijori) {
        this.encoder = new NimbusJwtEncoder(keys.signing());
        String base = tijori.baseUrl().toString();
        this.issuer = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/public";
    }

    /** Signs the receipt of {@code consent}, given to the requester described by {@code requester}. */
    public String sign(Consent consent, LockerId locker, ReceiptRequester requester, Instant now) {
        List<Object> categories = new ArrayList<>(consent.scopes());
        categories.addAll(consent.documents());
        if (consent.allIssued()) {
            categories.add("all issued documents");
        }
        Map<String, Object> purpose = new LinkedHashMap<>();
        purpose.put("purpose", requester.purpose());
        if (consent.requestPurpose() != null) {
            purpose.put("requestPurpose", consent.requestPurpose());
        }
        purpose.put("consentType", "EXPLICIT");
        purpose.put("piiCategory", categories);
        purpose.put("termination", consent.expiresAt().toString());
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(issuer)
                .issuedAt(now)
                .id(consent.id().toString())
                .claim("version", VERSION)
                .claim("jurisdiction", "IN")
                .claim("consentTimestamp", consent.grantedAt().getEpochSecond())
                .claim("collectionMethod", "Tijori consent page")
                .claim("piiPrincipalId", locker.toString())
                .claim("piiControllers", List.of(Map.of("piiController", requester.organisation(),
                        "contact", requester.name(), "email", requester.contactEmail())))
                .claim("services", List.of(Map.of("service", requester.name(), "purposes", List.of(purpose))))
                .claim("client_id", requester.clientId())
                .claim("duration", consent.duration().name())
                .build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).type("JWT").build(),
                claims)).getTokenValue();
    }

    /** What a receipt names of the requester. */
    public record ReceiptRequester(String clientId, String name, String organisation, String contactEmail,
            String purpose) {
    }
}
