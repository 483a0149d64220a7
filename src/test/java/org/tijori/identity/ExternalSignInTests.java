package org.tijori.identity;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import example.idp.IdentityProviderApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.tijori.SmsOutbox;
import org.tijori.StateDirectory;
import org.tijori.WebClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Sign in with ..." against a real OpenID Connect provider started here: the first time, the person
 * proves the locker's mobile number by OTP and the accounts are linked; after that the provider alone
 * signs them in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "tijori.account.otp-sends-per-address=500")
class ExternalSignInTests {

    static final String CLIENT_SECRET = "client-secret-for-tests";

    static ConfigurableApplicationContext provider;

    static int providerPort;

    /** Tijori's port, fixed before start-up because the provider must know the exact redirect URI. */
    static int tijoriPort;

    @DynamicPropertySource
    static void externalProvider(DynamicPropertyRegistry registry) {
        if (provider == null) {
            try (var probe = new java.net.ServerSocket(0)) {
                tijoriPort = probe.getLocalPort();
            }
            catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            provider = new SpringApplicationBuilder(IdentityProviderApplication.class).run(
                    "--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                    "--spring.autoconfigure.exclude=" + IdentityProviderApplication.NOT_NEEDED,
                    "--management.endpoint.health.group.readiness.include=readinessState",
                    "--spring.security.user.name=asha", "--spring.security.user.password=provider-password",
                    "--spring.security.oauth2.authorizationserver.client.tijori.registration.client-id=tijori",
                    "--spring.security.oauth2.authorizationserver.client.tijori.registration.client-secret={noop}"
                            + CLIENT_SECRET,
                    "--spring.security.oauth2.authorizationserver.client.tijori.registration.client-authentication-methods=client_secret_basic",
                    "--spring.security.oauth2.authorizationserver.client.tijori.registration.authorization-grant-types=authorization_code",
                    "--spring.security.oauth2.authorizationserver.client.tijori.registration.redirect-uris=http://localhost:"
                            + tijoriPort + "/login/oauth2/code/example",
                    "--spring.security.oauth2.authorizationserver.client.tijori.registration.scopes=openid,profile",
                    "--spring.security.oauth2.authorizationserver.client.tijori.require-authorization-consent=false",
                    "--spring.security.oauth2.authorizationserver.client.tijori.require-proof-key=false");
            providerPort = Integer.parseInt(provider.getEnvironment().getProperty("local.server.port"));
        }
        String issuer = "http://127.0.0.1:" + providerPort;
        registry.add("server.port", () -> tijoriPort);
        registry.add("spring.security.oauth2.client.registration.example.client-id", () -> "tijori");
        registry.add("spring.security.oauth2.client.registration.example.client-secret", () -> CLIENT_SECRET);
        registry.add("spring.security.oauth2.client.registration.example.client-name", () -> "Example ID");
        registry.add("spring.security.oauth2.client.registration.example.scope", () -> "openid,profile");
        registry.add("spring.security.oauth2.client.provider.example.issuer-uri", () -> issuer);
    }

    @AfterAll
    static void stopProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    StateDirectory state;

    @Autowired
    JdbcClient jdbc;

    /** Runs the authorization code flow through both servers, as a browser would; returns Tijori's answer. */
    HttpResponse<String> signInWithExample(WebClient tijori) throws Exception {
        HttpResponse<String> toProvider = tijori.get("/oauth2/authorization/example");
        assertThat(toProvider.statusCode()).isEqualTo(302);
        String authorize = toProvider.headers().firstValue("Location").orElseThrow();
        assertThat(authorize).startsWith("http://127.0.0.1:" + providerPort + "/oauth2/authorize");

        WebClient idp = tijori.toOrigin("http://127.0.0.1:" + providerPort);
        // A browser asks for HTML; only then does the provider answer with its sign-in page.
        HttpResponse<String> login = idp.get(authorize, "Accept", "text/html");
        if (login.statusCode() == 302) {
            login = idp.get(login.headers().firstValue("Location").orElseThrow(), "Accept", "text/html");
        }
        if (login.statusCode() == 200 && login.body().contains("password")) {
            HttpResponse<String> signedIn = idp.postForm("/login", Map.of("username", "asha",
                    "password", "provider-password", "_csrf", WebClient.csrfTokenOf(login.body())));
            assertThat(signedIn.statusCode()).isEqualTo(302);
            login = idp.get(signedIn.headers().firstValue("Location").orElseThrow(), "Accept", "text/html");
        }
        assertThat(login.headers().firstValue("Location")).as("%d %s", login.statusCode(), login.body()).isPresent();
        String callback = login.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith("http://localhost:" + port + "/login/oauth2/code/example");
        return tijori.get(URI.create(callback).getRawPath() + "?" + URI.create(callback).getRawQuery());
    }

    @Test
    void theFirstExternalSignInLinksAfterTheLockersMobileIsProvenAndTheNextOneSignsInDirectly() throws Exception {
        String mobile = "9712345678";
        WebClient owner = new WebClient(port);
        owner.submit("/signup", "/signup", Map.of("mobile", mobile));
        owner.submit("/signup/verify", "/signup/verify",
                Map.of("otp", SmsOutbox.of(state.root()).lastOtpFor(mobile).orElseThrow()));
        owner.submit("/signup/account", "/signup/account", Map.of("username", "asha-locker",
                "password", "a long and unusual phrase"));

        WebClient browser = new WebClient(port);
        assertThat(browser.get("/login").body()).contains("Continue with Example ID");
        HttpResponse<String> firstTime = signInWithExample(browser);
        assertThat(firstTime.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login/external"));
        assertThat(browser.get("/profile").statusCode()).as("not signed in by the provider alone").isEqualTo(302);

        browser.submit("/login/external", "/login/external", Map.of("mobile", mobile));
        HttpResponse<String> linked = browser.submit("/login/external/verify", "/login/external/verify",
                Map.of("otp", SmsOutbox.of(state.root()).lastOtpFor(mobile).orElseThrow()));
        assertThat(linked.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("externalLinked"));
        assertThat(browser.get("/profile").body()).contains("asha-locker");
        assertThat(jdbc.sql("select count(*) from identity_external_login where provider = 'example'")
                .query(Long.class).single()).isEqualTo(1);

        WebClient later = new WebClient(port);
        HttpResponse<String> nextTime = signInWithExample(later);
        assertThat(nextTime.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/dashboard"));
        assertThat(later.get("/profile").body()).contains("asha-locker");
    }
}
