package org.tijori.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.tijori.TijoriApplication;
import org.tijori.WebClient;
import org.tijori.account.AccountId;
import org.tijori.account.LockerId;
import org.tijori.gateway.consent.Consent;
import org.tijori.gateway.token.Authorizations;
import org.tijori.gateway.token.GrantingResident;
import org.tijori.gateway.token.ReferenceTokens;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consents and tokens for the partner gateway's load benchmark ({@code bench/gateway/run.sh}, ADR 23 "Benchmarks"),
 * on a database loaded by {@code LockerDataGenerator}. It starts the application on that database, has a requester
 * register and an administrator approve it through the HTTP API (the bootstrap token), then stores consents and
 * authorizations through the gateway's own stores: {@link Consents#grant} (each consent with its signed receipt) and
 * {@link Authorizations#save} (the SHA-256 of each token, never a token), so that every row is the one a real
 * authorization code flow leaves. Token values go to files in {@code out} for the wrk scripts.
 * <p>
 * {@code mode=setup} (the default): a new requester ({@code requester.txt}: client ID, secret and redirect URI);
 * consents for {@code consents} residents (all issued and uploaded documents, a month), the {@code real} residents
 * holding pushed PDFs first ({@code files.txt}: access token and a PDF's URI), each with a live access token
 * ({@code issued.txt}) and refresh token; and {@code refreshers} more residents each for the {@code refresh}
 * ({@code refresh.txt}) and {@code refresh-oidc} ({@code refresh-oidc.txt}, with {@code openid} and an ID token)
 * scenarios, whose tokens the refreshes rotate.
 * <p>
 * {@code mode=codes}: {@code codes} authorization codes of the requester in {@code requester.txt}, as the consent page
 * leaves them (the authorization request with an S256 challenge, the code, the consent linked), each under one of
 * the {@code refreshers} consents the setup made for codes ({@code code-consents.txt}), in turn (a code's own
 * consent and receipt would not change the exchange, and 60,000 receipts would take minutes to sign), valid {@code code-lifetime}; all with the verifier in {@code verifier.txt}
 * ({@code codes.txt}).
 * <p>
 * Arguments: {@code mode=setup|codes out=DIR database=tijori_bench data-dir=/var/tmp/tijori-bench consents=1000
 * real=200 refreshers=256 codes=60000 code-lifetime=10m}, then any {@code --spring...} or {@code --tijori...}
 * setting for the application.
 */
public final class GatewayDataGenerator {

    static final List<String> SCOPES = List.of(PartnerScope.USERDETAILS.value(),
            PartnerScope.ISSUED_DOCUMENTS.value(), PartnerScope.UPLOADED_DOCUMENTS.value());

    static final String ISSUER = "in.gov.benchboard";

    public static void main(String[] args) throws Exception {
        String mode = "setup";
        Path out = null;
        String database = "tijori_bench";
        String dataDir = "/var/tmp/tijori-bench";
        int consents = 1000;
        int real = 200;
        int refreshers = 256;
        int codes = 60_000;
        Duration codeLifetime = Duration.ofMinutes(10);
        List<String> passThrough = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--")) {
                passThrough.add(arg);
                continue;
            }
            String[] pair = arg.split("=", 2);
            switch (pair[0]) {
                case "mode" -> mode = pair[1];
                case "out" -> out = Path.of(pair[1]);
                case "database" -> database = pair[1];
                case "data-dir" -> dataDir = pair[1];
                case "consents" -> consents = Integer.parseInt(pair[1]);
                case "real" -> real = Integer.parseInt(pair[1]);
                case "refreshers" -> refreshers = Integer.parseInt(pair[1]);
                case "codes" -> codes = Integer.parseInt(pair[1]);
                case "code-lifetime" -> codeLifetime = Duration.parse("PT" + pair[1].toUpperCase());
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        if (out == null || !mode.matches("setup|codes") || real > consents) {
            throw new IllegalArgumentException("mode is setup or codes, out is required, real is at most consents");
        }
        Files.createDirectories(out);
        String token = "gateway-bench-token-" + UUID.randomUUID();
        List<String> settings = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
                "--logging.level.root=WARN", "--tijori.data-dir=" + Path.of(dataDir).toAbsolutePath(),
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/" + database,
                "--spring.datasource.username=postgres", "--tijori.admin.bootstrap-token=" + token,
                "--tijori.gateway.code-lifetime=" + codeLifetime.toSeconds() + "s"));
        settings.addAll(passThrough);
        long started = System.nanoTime();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TijoriApplication.class)
                .run(settings.toArray(String[]::new))) {
            var generator = new GatewayDataGenerator(context, out);
            if (mode.equals("setup")) {
                generator.setup(token, consents, real, refreshers);
            }
            else {
                generator.codes(codes, codeLifetime);
            }
        }
        System.out.printf("%s done in %.0f s%n", mode, (System.nanoTime() - started) / 1e9);
    }

    private final ConfigurableApplicationContext context;

    private final JdbcClient jdbc;

    private final Consents consents;

    private final Authorizations authorizations;

    private final TransactionTemplate transactions;

    private final Path out;

    private GatewayDataGenerator(ConfigurableApplicationContext context, Path out) {
        this.context = context;
        this.jdbc = context.getBean(JdbcClient.class);
        this.consents = context.getBean(Consents.class);
        this.authorizations = context.getBean(Authorizations.class);
        this.transactions = context.getBean(TransactionTemplate.class);
        this.out = out;
    }

    private void setup(String token, int count, int real, int refreshers) throws Exception {
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        WebClient web = new WebClient(port);
        TestRequester requester = TestRequester.named("Benchmark bank").register(web).approve(web, token, "WEB");
        String redirectUri = requester.redirectUris.get(0);
        Files.writeString(out.resolve("requester.txt"),
                requester.clientId + " " + requester.clientSecret + " " + redirectUri + "\n");
        System.out.println("requester " + requester.clientId + " registered and approved through the API");
        RequesterId requesterId = new RequesterId(UUID.fromString(requester.id));

        // The real residents (their pushed PDFs, as bench/locker/run.sh picks them) first, then any others.
        List<Resident> holders = jdbc.sql("""
                select distinct on (a.username) a.id, a.locker_id, d.uri from account_resident a
                  join issuer_document d on d.account_id = a.id
                 where d.issuer_id = ? and d.status = 'ACTIVE' and d.doc_id like '%00'
                 order by a.username, d.uri limit ?""").params(ISSUER, real)
                .query((rs, row) -> new Resident(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3))).list();
        if (holders.size() < real) {
            throw new IllegalStateException("only " + holders.size() + " residents hold a pushed PDF, not " + real);
        }
        Set<UUID> taken = new LinkedHashSet<>();
        holders.forEach(holder -> taken.add(holder.account()));
        int others = count - real + 3 * refreshers;
        List<Resident> rest = jdbc.sql("""
                select id, locker_id from account_resident where status = 'ACTIVE' order by username limit ?""")
                .param(others + real)
                .query((rs, row) -> new Resident(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), null))
                .list().stream().filter(resident -> !taken.contains(resident.account())).limit(others).toList();
        if (rest.size() < others) {
            throw new IllegalStateException("only " + (real + rest.size()) + " residents, not " + (real + others));
        }
        List<Resident> listed = new ArrayList<>(holders);
        listed.addAll(rest.subList(0, count - real));
        RegisteredClient client = context.getBean(RegisteredClientRepository.class)
                .findByClientId(requester.clientId);

        List<String> issued = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (Resident resident : listed) {
            Tokens tokens = grant(client, requesterId, resident, redirectUri, false);
            issued.add(tokens.access());
            if (resident.pdf() != null) {
                files.add(tokens.access() + " " + resident.pdf());
            }
        }
        List<String> refresh = new ArrayList<>();
        List<String> refreshOidc = new ArrayList<>();
        List<String> codeConsents = new ArrayList<>();
        for (int i = 0; i < 3 * refreshers; i++) {
            Resident resident = rest.get(count - real + i);
            boolean openid = i >= refreshers && i < 2 * refreshers;
            Tokens tokens = grant(client, requesterId, resident, redirectUri, openid);
            if (i < refreshers) {
                refresh.add(tokens.refresh());
            }
            else if (openid) {
                refreshOidc.add(tokens.refresh());
            }
            else {
                codeConsents.add(tokens.consent() + " " + resident.account() + " " + resident.locker());
            }
        }
        write("code-consents.txt", codeConsents);
        write("issued.txt", issued);
        write("files.txt", files);
        write("refresh.txt", refresh);
        write("refresh-oidc.txt", refreshOidc);
        System.out.printf("%d consents with access and refresh tokens (%d of residents holding PDFs), %d + %d for"
                + " the refreshes%n", issued.size(), files.size(), refresh.size(), refreshOidc.size());
    }

    /** A consent for a month and the authorization a code exchange leaves: the spent code, an access and a refresh token. */
    private Tokens grant(RegisteredClient client, RequesterId requester, Resident resident, String redirectUri,
            boolean openid) {
        List<String> scopes = new ArrayList<>(SCOPES);
        if (openid) {
            scopes.add(PartnerScope.OPENID.value());
        }
        return transactions.execute(status -> {
            Instant now = Instant.now();
            String access = ReferenceTokens.newValue();
            String refresh = ReferenceTokens.newValue();
            OAuth2Authorization.Builder builder = authorization(client, resident, redirectUri, scopes,
                    challenge(ReferenceTokens.newValue()))
                    .token(new OAuth2AuthorizationCode(ReferenceTokens.newValue(), now, now.plusSeconds(60)),
                            metadata -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true))
                    .token(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, access, now,
                            now.plus(Duration.ofHours(1)), new LinkedHashSet<>(scopes)))
                    .refreshToken(new OAuth2RefreshToken(refresh, now, now.plus(Duration.ofDays(28))));
            if (openid) {
                Map<String, Object> claims = Map.of("iss", "http://127.0.0.1", "sub", resident.locker().toString(),
                        "aud", List.of(client.getClientId()), "iat", now, "exp", now.plus(Duration.ofHours(1)));
                builder.token(new OidcIdToken("stored-id-token", now, now.plus(Duration.ofHours(1)), claims),
                        metadata -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims));
            }
            OAuth2Authorization authorization = builder.build();
            authorizations.save(authorization);
            Consent consent = consents.grant(new Consents.ConsentRequest(new AccountId(resident.account()), requester,
                    Consent.Kind.CODE, scopes, true, List.of(), "Benchmark", ConsentDuration.MONTH),
                    authorization.getId());
            return new Tokens(access, refresh, consent.id().value());
        });
    }

    private void codes(int count, Duration lifetime) throws IOException {
        String[] requester = Files.readString(out.resolve("requester.txt")).strip().split(" ");
        RegisteredClient client = context.getBean(RegisteredClientRepository.class)
                .findByClientId(requester[0]);
        if (client == null) {
            throw new IllegalStateException("no requester " + requester[0] + " in this database: run mode=setup");
        }
        record Granted(UUID consent, Resident resident) {
        }
        List<Granted> granted = Files.readAllLines(out.resolve("code-consents.txt")).stream()
                .map(line -> line.split(" "))
                .map(f -> new Granted(UUID.fromString(f[0]), new Resident(UUID.fromString(f[1]),
                        UUID.fromString(f[2]), null)))
                .toList();
        if (granted.isEmpty()) {
            throw new IllegalStateException("no consents for codes in " + out + ": run mode=setup");
        }
        String verifier = ReferenceTokens.newValue() + ReferenceTokens.newValue().substring(0, 20);
        String challenge = challenge(verifier);
        List<String> codes = new ArrayList<>(count);
        long started = System.nanoTime();
        for (int from = 0; from < count; from += 1000) {
            int first = from;
            transactions.executeWithoutResult(status -> {
                for (int i = first; i < Math.min(count, first + 1000); i++) {
                    Granted consent = granted.get(i % granted.size());
                    Instant now = Instant.now();
                    String code = ReferenceTokens.newValue();
                    OAuth2Authorization authorization = authorization(client, consent.resident(), requester[2],
                            SCOPES, challenge)
                            .token(new OAuth2AuthorizationCode(code, now, now.plus(lifetime))).build();
                    authorizations.save(authorization);
                    authorizations.attachConsent(authorization.getId(), new ConsentId(consent.consent()));
                    codes.add(code);
                }
            });
        }
        write("codes.txt", codes);
        Files.writeString(out.resolve("verifier.txt"), verifier + "\n");
        System.out.printf("%d codes valid %s under %d consents, stored in %.1f s%n", codes.size(), lifetime,
                granted.size(), (System.nanoTime() - started) / 1e9);
    }

    /**
     * An authorization as Spring's authorization request and consent providers leave it: the resident, the request
     * (with its S256 challenge), the scopes granted.
     */
    private static OAuth2Authorization.Builder authorization(RegisteredClient client, Resident resident,
            String redirectUri, List<String> scopes, String challenge) {
        OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri("http://127.0.0.1/public/oauth2/1/authorize")
                .clientId(client.getClientId())
                .redirectUri(redirectUri)
                .scopes(new LinkedHashSet<>(scopes))
                .state(ReferenceTokens.newValue())
                .additionalParameters(Map.of("code_challenge", challenge, "code_challenge_method", "S256"))
                .build();
        return OAuth2Authorization.withRegisteredClient(client)
                .principalName(resident.account().toString())
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizedScopes(new LinkedHashSet<>(scopes))
                .attribute(Principal.class.getName(), new GrantingResident(new AccountId(resident.account()),
                        new LockerId(resident.locker())))
                .attribute(OAuth2AuthorizationRequest.class.getName(), request);
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void write(String name, List<String> lines) throws IOException {
        Files.write(out.resolve(name), lines);
    }

    private record Resident(UUID account, UUID locker, String pdf) {
    }

    private record Tokens(String access, String refresh, UUID consent) {
    }
}
