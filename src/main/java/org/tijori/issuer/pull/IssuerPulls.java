package org.tijori.issuer.pull;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.account.AccountId;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.identity.LinkedNationalId;
import org.tijori.identity.NationalId;
import org.tijori.identity.NationalIdLinks;
import org.tijori.issuer.DocTypeCode;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.IssuerProperties;
import org.tijori.issuer.events.DocumentPulled;
import org.tijori.issuer.intake.IssuedDocumentIntake;
import org.tijori.issuer.intake.IssuerRequestAuthentication;
import org.tijori.issuer.pull.PullAddresses.AddressRefusedException;
import org.tijori.issuer.pull.PullOutcome.Failed;
import org.tijori.issuer.pull.PullOutcome.Reason;
import org.tijori.issuer.pull.PullUriCalls.AnswerTooLargeException;
import org.tijori.issuer.pull.PullUriCalls.DeadlinePassedException;
import org.tijori.issuer.registration.Issuer;
import org.tijori.issuer.registration.IssuerStatus;
import org.tijori.issuer.registration.Issuers;
import org.tijori.signing.SecureXml;
import org.tijori.signing.XmlRejectedException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import static org.tijori.issuer.intake.XmlElements.child;
import static org.tijori.issuer.intake.XmlElements.localName;
import static org.tijori.issuer.intake.XmlElements.text;

/**
 * Searches an issuer's repository for a resident's document (API.md 4.4): sends DigiLocker's
 * {@code PullURIRequest} to the issuer's endpoint, signed with the issuer's API key, with only the
 * resident's details that the doc type declared it needs, and takes a found document into the resident's
 * locker after checking its signature like a push and that it names that resident. Each call goes only to
 * a checked public address and has one deadline and a size cap ({@link PullUriCalls}), and one retry for a
 * failure that may pass; each issuer has its own circuit breaker, so an issuer that keeps failing is left
 * alone for a while instead of holding residents' pages up.
 */
@Service
public class IssuerPulls {

    private static final Logger log = LoggerFactory.getLogger(IssuerPulls.class);

    /**
     * The namespace and version of DigiLocker's current issuer specification's request template
     * ({@code <PullURIRequest xmlns="http://tempuri.org/" ver="3.0" ...>}), which live issuers parse.
     */
    static final String NAMESPACE = "http://tempuri.org/";

    static final String VERSION = "3.0";

    private final Issuers issuers;

    private final IssuedDocumentIntake intake;

    private final ResidentAccounts accounts;

    private final NationalIdLinks nationalIds;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    private final PullUriCalls calls;

    private final int maxAnswerBytes;

    private final CircuitBreakerRegistry breakers;

    private final Retry retry;

    IssuerPulls(Issuers issuers, IssuedDocumentIntake intake, ResidentAccounts accounts, NationalIdLinks nationalIds,
            ApplicationEventPublisher events, Clock clock, IssuerProperties properties, PullUriCalls calls) {
        this.issuers = issuers;
        this.intake = intake;
        this.accounts = accounts;
        this.nationalIds = nationalIds;
        this.events = events;
        this.clock = clock;
        this.calls = calls;
        this.maxAnswerBytes = (int) Math.min(Integer.MAX_VALUE - 16, properties.maxPushSize().toBytes());
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(10)
                .minimumNumberOfCalls(4).failureRateThreshold(50).waitDurationInOpenState(Duration.ofSeconds(30))
                .permittedNumberOfCallsInHalfOpenState(1).recordExceptions(IOException.class, IssuerFault.class)
                .ignoreExceptions(AddressRefusedException.class).build());
        // An address Tijori does not call, or an answer too large, would be the same the second time.
        this.retry = Retry.of("issuer-pull", RetryConfig.custom().maxAttempts(2).waitDuration(Duration.ofMillis(200))
                .retryExceptions(IOException.class, IssuerFault.class)
                .ignoreExceptions(AddressRefusedException.class, AnswerTooLargeException.class).build());
    }

    /**
     * Asks an issuer for the document of {@code docType} that these search parameters name, for a
     * resident, and takes it into the resident's locker when found.
     *
     * @param parameters the doc type's search parameters by {@code paramname}, as the resident filled them
     */
    public PullOutcome pull(AccountId account, IssuerId issuerId, DocTypeCode docType, Map<String, String> parameters) {
        PullOutcome outcome = search(account, issuerId, docType, parameters);
        events.publishEvent(new DocumentPulled(account, issuerId.value(), docType.value(), describe(outcome),
                outcome instanceof PullOutcome.Found found ? found.uri().toString() : null));
        return outcome;
    }

    /** Whether calls to this issuer are switched off for a while after too many failures. */
    public boolean isResting(IssuerId issuer) {
        return breakers.circuitBreaker(issuer.value()).getState() == CircuitBreaker.State.OPEN;
    }

    private PullOutcome search(AccountId account, IssuerId issuerId, DocTypeCode docType, Map<String, String> parameters) {
        Optional<Issuer> found = issuers.find(issuerId);
        if (found.isEmpty() || found.get().status() != IssuerStatus.APPROVED || found.get().pullUriUrl() == null
                || found.get().apiKey() == null) {
            return new Failed(Reason.NOT_OFFERED, "This issuer does not answer searches.");
        }
        Issuer issuer = found.get();
        Optional<Issuers.DocTypeSearch> search = issuers.docType(issuerId, docType);
        if (search.isEmpty()) {
            return new Failed(Reason.INVALID, "This issuer does not issue " + docType + ".");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : search.get().parameters()) {
            String value = parameters == null ? null : parameters.get(name);
            if (value == null || value.isBlank() || value.strip().length() > 200) {
                return new Failed(Reason.INVALID, "Fill in " + name + " (at most 200 characters).");
            }
            values.put(name, value.strip());
        }
        ResidentAccount resident = accounts.find(account).orElseThrow(
                () -> new IllegalArgumentException("no such account: " + account));
        String txn = UUID.randomUUID().toString();
        String ts = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.ofHoursMinutes(5, 30)).withNano(0)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        byte[] request = request(issuer, docType, search.get().residentFields(), resident, values, ts, txn);

        CircuitBreaker breaker = breakers.circuitBreaker(issuerId.value());
        Callable<Document> call = CircuitBreaker.decorateCallable(breaker,
                Retry.decorateCallable(retry, () -> send(issuer, request)));
        Document answer;
        try {
            answer = call.call();
        }
        catch (CallNotPermittedException e) {
            return new Failed(Reason.UNAVAILABLE, issuer.name() + " is not answering searches just now. Please try "
                    + "again in a few minutes.");
        }
        catch (AddressRefusedException e) {
            log.warn("Pull URI address of {} refused: {}", issuerId, e.getMessage());
            return new Failed(Reason.NOT_OFFERED, issuer.name() + " cannot be asked: its search address is not one "
                    + "Tijori may call.");
        }
        catch (DeadlinePassedException e) {
            log.info("Pull URI request to {} cut off: {}", issuerId, e.getMessage());
            return new Failed(Reason.UNAVAILABLE, issuer.name() + " did not answer in time. Please try again later.");
        }
        catch (AnswerTooLargeException e) {
            log.warn("Pull URI answer from {} refused: {}", issuerId, e.getMessage());
            return new Failed(Reason.BAD_ANSWER, issuer.name() + " sent an answer larger than Tijori accepts.");
        }
        catch (IOException | IssuerFault e) {
            log.info("Pull URI request to {} failed: {}", issuerId, e.toString());
            return new Failed(Reason.UNAVAILABLE, issuer.name() + " could not be reached. Please try again later.");
        }
        catch (BadAnswer e) {
            log.warn("Pull URI answer from {} refused: {}", issuerId, e.getMessage());
            return new Failed(Reason.BAD_ANSWER, issuer.name() + " answered in a way Tijori cannot use.");
        }
        catch (Exception e) {
            throw new IllegalStateException("unexpected failure of a Pull URI call", e);
        }
        return read(answer, issuer, account, docType, search.get().name(), ts, txn);
    }

    private PullOutcome read(Document answer, Issuer issuer, AccountId account, DocTypeCode docType, String docName,
            String ts, String txn) {
        Element root = answer.getDocumentElement();
        Element status = child(root, "ResponseStatus");
        if (!"PullURIResponse".equals(localName(root)) || status == null) {
            return new Failed(Reason.BAD_ANSWER, issuer.name() + " answered in a way Tijori cannot use.");
        }
        String code = status.getAttribute("Status").strip();
        if ("0".equals(code)) {
            return new PullOutcome.NotFound();
        }
        if ("9".equals(code)) {
            return new PullOutcome.Pending();
        }
        if (!"1".equals(code)) {
            return new Failed(Reason.BAD_ANSWER, issuer.name() + " answered in a way Tijori cannot use.");
        }
        if (!txn.equals(status.getAttribute("txn").strip())) {
            log.warn("Pull URI answer from {} names another transaction", issuer.id());
            return new Failed(Reason.BAD_ANSWER, issuer.name() + " answered in a way Tijori cannot use.");
        }
        Element details = child(root, "DocDetails");
        String uriText = details == null ? null : text(details, "URI");
        String data = details == null ? null : text(details, "DataContent");
        String content = details == null ? null : text(details, "DocContent");
        // DigiLocker's issuers may answer with the PDF alone: it is then the document, without Certificate XML.
        if (uriText == null || data == null && content == null) {
            return new Failed(Reason.BAD_ANSWER, issuer.name() + " found the document but did not send it.");
        }
        DocumentUri uri;
        try {
            uri = DocumentUri.parse(uriText);
        }
        catch (IllegalArgumentException e) {
            return new Failed(Reason.BAD_ANSWER, issuer.name() + " sent a URI that is not valid.");
        }
        if (!uri.issuer().equals(issuer.id()) || !uri.docType().equals(docType)) {
            return new Failed(Reason.BAD_ANSWER, issuer.name() + " sent a document of another issuer or type.");
        }
        byte[] xml;
        byte[] pdf;
        try {
            xml = data == null ? null : Base64.getMimeDecoder().decode(data);
            pdf = content == null ? null : Base64.getMimeDecoder().decode(content);
        }
        catch (IllegalArgumentException e) {
            return new Failed(Reason.BAD_ANSWER, issuer.name() + " sent content that is not Base64.");
        }
        return intake.acceptPulled(issuer, account, uri, docName, xml, pdf);
    }

    private byte[] request(Issuer issuer, DocTypeCode docType, List<ResidentField> fields, ResidentAccount resident,
            Map<String, String> values, String ts, String txn) {
        StringBuilder xml = new StringBuilder(512);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>")
                .append("<PullURIRequest xmlns=\"").append(NAMESPACE).append("\" ver=\"").append(VERSION)
                .append("\" ts=\"").append(SecureXml.escape(ts)).append("\" txn=\"").append(SecureXml.escape(txn))
                .append("\" orgId=\"").append(SecureXml.escape(issuer.id().value())).append("\" keyhash=\"")
                .append(IssuerRequestAuthentication.keyhash(issuer.apiKey(), ts)).append("\" format=\"both\"><DocDetails>")
                .append("<DocType>").append(SecureXml.escape(docType.value())).append("</DocType>")
                .append("<DigiLockerId>").append(SecureXml.escape(resident.lockerId().toString())).append("</DigiLockerId>");
        // Only what the doc type declared it needs: the national ID, name and birth date go nowhere else.
        if (!fields.isEmpty()) {
            Optional<LinkedNationalId> link = nationalIds.linkOf(resident.id());
            for (ResidentField field : fields) {
                String value = switch (field) {
                    case UID -> nationalIds.nationalIdOf(resident.id()).map(NationalId::value).orElse("");
                    case UID_HASH -> nationalIds.nationalIdOf(resident.id()).map(id -> md5(id.value())).orElse("");
                    case FULL_NAME -> link.map(LinkedNationalId::name).orElse("");
                    case DOB -> link.map(LinkedNationalId::dob).map(IssuerPulls::day).orElse("");
                };
                xml.append('<').append(field.requestElement()).append('>').append(SecureXml.escape(value))
                        .append("</").append(field.requestElement()).append('>');
            }
        }
        values.forEach((name, value) -> xml.append('<').append(name).append('>').append(SecureXml.escape(value))
                .append("</").append(name).append('>'));
        xml.append("</DocDetails></PullURIRequest>");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Document send(Issuer issuer, byte[] body) throws IOException {
        PullUriCalls.Answer answer = calls.post(URI.create(issuer.pullUriUrl()), body,
                issuer.pullHmacEncoding().header(IssuerRequestAuthentication.hmac(body, issuer.apiKey())));
        if (answer.status() >= 500 || answer.status() == 429) {
            throw new IssuerFault("status " + answer.status());
        }
        if (answer.status() != 200) {
            throw new BadAnswer("status " + answer.status());
        }
        try {
            return SecureXml.parse(answer.body(), maxAnswerBytes);
        }
        catch (XmlRejectedException e) {
            throw new BadAnswer(e.getMessage());
        }
    }

    private static String describe(PullOutcome outcome) {
        if (outcome instanceof PullOutcome.Found) {
            return "found";
        }
        if (outcome instanceof PullOutcome.NotFound) {
            return "not-found";
        }
        if (outcome instanceof PullOutcome.Pending) {
            return "pending";
        }
        return "failed:" + ((Failed) outcome).kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The MD5 of a national ID in lower-case hex, as DigiLocker's current issuer specification sends it. */
    static String md5(String nationalId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(nationalId.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }

    private static String day(LocalDate date) {
        return date.format(DateTimeFormatter.ofPattern("dd-MM-uuuu"));
    }


    /** The issuer failed in a way that may pass: a 5xx or 429 answer. Counts against its circuit breaker. */
    static final class IssuerFault extends RuntimeException {

        IssuerFault(String message) {
            super(message, null, false, false);
        }
    }

    /** The issuer answered something unusable; retrying would not help. */
    static final class BadAnswer extends RuntimeException {

        BadAnswer(String message) {
            super(message, null, false, false);
        }
    }
}
