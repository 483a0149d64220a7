package org.tijori.gateway;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Validation;
import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.ResidentAccounts;
import org.tijori.gateway.token.AccessTokens;
import org.tijori.gateway.token.Authorizations;
import org.tijori.gateway.token.PartnerAccess;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access tokens live at most an hour and never past their consent (ADR 23, RFC 9700): the setting is refused above an
 * hour, and a token made near the consent's end ends with it.
 */
@RequesterTestContext
class TokenLifetimeTests {

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    Consents consents;

    @Autowired
    Authorizations authorizations;

    @Autowired
    AccessTokens accessTokens;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anAccessTokenLifetimeAboveAnHourIsRefused() {
        var validator = Validation.buildDefaultValidatorFactory().getValidator();
        GatewayProperties tooLong = bind("2h");
        GatewayProperties anHour = bind("1h");

        assertThat(validator.validate(tooLong)).extracting(violation -> violation.getPropertyPath().toString())
                .containsExactly("accessTokenLifetime");
        assertThat(validator.validate(anHour)).isEmpty();
        assertThat(anHour.accessTokenLifetime()).isEqualTo(Duration.ofHours(1));
    }

    static GatewayProperties bind(String lifetime) {
        return new Binder(new MapConfigurationPropertySource(Map.of("tijori.gateway.access-token-lifetime", lifetime)))
                .bindOrCreate("tijori.gateway", GatewayProperties.class);
    }

    @Test
    void aTokenMadeNearTheConsentsEndEndsWithIt() throws Exception {
        FlowFixture flows = new FlowFixture(port, accounts, consents, authorizations);
        PartnerClient partner = flows.partner();
        WebClient browser = flows.signedIn(flows.resident());
        Map<String, Object> tokens = PartnerClient.json(partner.exchange(partner.code(browser, null)));
        assertThat(((Number) tokens.get("expires_in")).longValue()).isBetween(3500L, 3600L);
        PartnerAccess access = (PartnerAccess) accessTokens.introspect((String) tokens.get("access_token"));
        jdbc.sql("update gateway_consent set expires_at = now() + interval '10 minutes' where id = ?")
                .param(access.consent().value()).update();

        Map<String, Object> refreshed = PartnerClient.json(partner.refresh((String) tokens.get("refresh_token")));

        assertThat(((Number) refreshed.get("expires_in")).longValue()).isBetween(500L, 600L);
        jdbc.sql("update gateway_consent set expires_at = now() - interval '1 second' where id = ?")
                .param(access.consent().value()).update();
        assertThat(PartnerClient.json(partner.refresh((String) refreshed.get("refresh_token"))))
                .as("no token under an expired consent").containsEntry("error", "invalid_grant");
    }
}
