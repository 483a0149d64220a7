package org.tijori.locker;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.account.AccountId;
import org.tijori.account.OneTimePasswords;
import org.tijori.account.OtpChallenge;
import org.tijori.account.OtpCheck;
import org.tijori.account.OtpPurpose;
import org.tijori.account.RateLimitedException;
import org.tijori.account.RateLimits;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.account.SecondFactorConfirmation;
import org.tijori.account.SmsNotSentException;
import org.tijori.identity.LinkedNationalId;
import org.tijori.identity.NationalIdLinks;
import org.tijori.locker.LockerProblemException.Kind;
import org.tijori.locker.events.DocumentSigned;
import org.tijori.locker.events.DocumentSigningFailed;
import org.tijori.signing.DetachedSignature;
import org.tijori.signing.EsignProperties;
import org.tijori.signing.EsignReceipt;
import org.tijori.signing.EsignSignatures;
import org.tijori.signing.PdfSignatureOptions;
import org.tijori.signing.SignerIdentity;
import org.tijori.signing.TimeStampUnavailableException;
import org.tijori.signing.UnsignableDocumentException;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A resident e-signs one of their uploaded PDFs or images (issue 18, ADR 24): {@link #start} counts the signing
 * against the resident's hourly limit and sends a code to the resident's mobile; {@link #confirm} checks the code
 * (and the second factor when the account has one), signs, and keeps the signed PDF, or the image's detached
 * {@code .p7s}, as a new uploaded document beside the original.
 * <p>
 * A signing is a row that this class alone moves along: {@code PENDING} (waiting for the codes), {@code SIGNING}
 * (claimed by the one request that signs), then {@code SIGNED}, {@code FAILED} or {@code EXPIRED}; every move is a
 * conditional update from the status before, so two requests never both sign, and a signing is used once.
 */
@Service
public class DocumentSigning {

    private static final Logger log = LoggerFactory.getLogger(DocumentSigning.class);

    static final String PDF = "application/pdf";

    static final String P7S = DetachedSignature.MEDIA_TYPE;

    /** Wrong second-factor codes that cancel a signing, as wrong SMS codes do. */
    static final int MAX_FACTOR_FAILURES = 5;

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final UploadedDocuments uploads;

    private final OneTimePasswords otps;

    private final SecondFactorConfirmation secondFactor;

    private final ResidentAccounts residents;

    private final NationalIdLinks nationalIds;

    private final EsignSignatures signatures;

    private final RateLimits limits;

    private final RateLimits.RateLimit perResident;

    private final Path scratch;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    DocumentSigning(JdbcClient jdbc, TransactionTemplate transactions, UploadedDocuments uploads,
            OneTimePasswords otps, SecondFactorConfirmation secondFactor, ResidentAccounts residents,
            NationalIdLinks nationalIds, EsignSignatures signatures, EsignProperties properties, RateLimits limits,
            ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.uploads = uploads;
        this.otps = otps;
        this.secondFactor = secondFactor;
        this.residents = residents;
        this.nationalIds = nationalIds;
        this.signatures = signatures;
        this.limits = limits;
        this.perResident = new RateLimits.RateLimit("esign-resident", properties.signingsPerHour(),
                Duration.ofHours(1));
        this.scratch = properties.scratchDirectory() != null ? properties.scratchDirectory()
                : Path.of(System.getProperty("java.io.tmpdir"));
        this.events = events;
        this.clock = clock;
    }

    /**
     * Starts signing a document: counts it against the resident's signings of the hour, then sends a code to the
     * resident's mobile.
     *
     * @throws LockerProblemException {@code RATE_LIMITED} past the hourly limit or the codes' own limits;
     *                                {@code NOT_FOUND} when the resident has no such document outside the bin;
     *                                {@code UNSUPPORTED_TYPE} when it is neither a PDF nor a JPEG or PNG image;
     *                                {@code BUSY} when the SMS could not be sent
     */
    public PendingSigning start(AccountId account, UploadId id, SigningRequest request, String clientAddress) {
        if (!limits.tryAcquire(perResident, account.toString())) {
            events.publishEvent(new DocumentSigningFailed(account, id.toString(), null, "limit", null));
            throw new LockerProblemException(Kind.RATE_LIMITED, "limit", "You started many e-signings in the last "
                    + "hour; try again later.");
        }
        UploadedDocument document = uploads.find(account, id).filter(found -> !found.inBin())
                .orElseThrow(() -> new LockerProblemException(Kind.NOT_FOUND, "There is no such document in your "
                        + "locker."));
        if (!signable(document)) {
            throw new LockerProblemException(Kind.UNSUPPORTED_TYPE, "not-signable", "Only PDF documents and JPEG or "
                    + "PNG images can be e-signed; this document is " + document.mediaType() + ".");
        }
        ResidentAccount resident = residents.find(account).orElseThrow(
                () -> new LockerProblemException(Kind.NOT_FOUND, "There is no such document in your locker."));
        SigningId signing = SigningId.random();
        OtpChallenge challenge;
        try {
            challenge = otps.send(OtpPurpose.ESIGN, resident.mobile(), signing.toString(), true, clientAddress);
        }
        catch (RateLimitedException e) {
            throw new LockerProblemException(Kind.RATE_LIMITED, "otp-limit", e.getMessage());
        }
        catch (SmsNotSentException e) {
            throw new LockerProblemException(Kind.BUSY, "sms-not-sent", "The code could not be sent by SMS just now; "
                    + "try again in a few minutes.");
        }
        Instant now = now();
        jdbc.sql("""
                insert into locker_signing (id, account_id, upload_id, otp_flow, reason, location, visible_page, status,
                                            created_at, expires_at)
                values (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)""")
                .params(signing.value(), account.value(), id.value(), challenge.flow(), request.reason(),
                        request.location(), request.visiblePage(), utc(now), utc(challenge.expiresAt()))
                .update();
        return new PendingSigning(signing, document, resident.mobile().masked(), challenge.expiresAt(),
                secondFactor.required(account));
    }

    /** A signing the resident started and has not finished, for the page that asks for its codes. */
    public Optional<PendingSigning> pending(AccountId account, SigningId id) {
        return row(account, id).filter(row -> row.status().equals("PENDING") && now().isBefore(row.expiresAt()))
                .flatMap(row -> uploads.find(account, row.upload()).filter(document -> !document.inBin())
                        .map(document -> new PendingSigning(id, document,
                                residents.find(account).map(found -> found.mobile().masked()).orElse(""),
                                row.expiresAt(), secondFactor.required(account))));
    }

    /**
     * Confirms a signing with the code sent by SMS, and the second factor when the account has one; then signs and
     * keeps the signed copy (a PDF) or the detached signature (an image) as a new uploaded document in the
     * original's folder.
     *
     * @param otp the code sent by SMS
     * @param code a code from the resident's authenticator app, when the account has a second factor
     * @param recoveryCode one of the resident's recovery codes, instead of {@code code}
     * @return the new uploaded document
     * @throws LockerProblemException {@code NOT_FOUND} for another resident's or an unknown signing; {@code GONE}
     *                                when it expired, was cancelled after wrong codes, or was used;
     *                                {@code INVALID} for a wrong code, with tries left; {@code UNSIGNABLE} or
     *                                {@code TOO_LARGE} when the file cannot be signed; {@code QUOTA_EXCEEDED};
     *                                {@code BUSY} when no time-stamp could be had
     */
    public UploadedDocument confirm(AccountId account, SigningId id, String otp, String code, String recoveryCode,
            String clientAddress) {
        Row row = row(account, id).orElseThrow(DocumentSigning::noSuchSigning);
        UploadedDocument document = uploads.find(account, row.upload()).filter(found -> !found.inBin())
                .orElseThrow(() -> new LockerProblemException(Kind.NOT_FOUND, "There is no such document in your "
                        + "locker."));
        if (!row.status().equals("PENDING")) {
            throw over();
        }
        if (!now().isBefore(row.expiresAt())) {
            if (move(id, "PENDING", "EXPIRED")) {
                failed(account, document, "expired", null);
            }
            throw over();
        }
        if (!row.otpConfirmed()) {
            confirmOtp(account, id, row, document, otp);
        }
        if (secondFactor.required(account)) {
            confirmSecondFactor(account, id, document, code, recoveryCode, clientAddress);
        }
        if (!move(id, "PENDING", "SIGNING")) {
            throw over();
        }
        try {
            return sign(account, id, row, document);
        }
        catch (RuntimeException e) {
            move(id, "SIGNING", "FAILED");
            throw e;
        }
    }

    private void confirmOtp(AccountId account, SigningId id, Row row, UploadedDocument document, String otp) {
        OtpCheck check = otps.check(row.otpFlow(), OtpPurpose.ESIGN, otp);
        if (check instanceof OtpCheck.Confirmed confirmed && id.toString().equals(confirmed.subject())) {
            jdbc.sql("update locker_signing set otp_confirmed = true where id = ? and status = 'PENDING'")
                    .param(id.value()).update();
            return;
        }
        if (check instanceof OtpCheck.Rejected rejected) {
            failed(account, document, "wrong-otp", null);
            throw new LockerProblemException(Kind.INVALID, "wrong-otp", "The code is not right; "
                    + rejected.attemptsLeft() + (rejected.attemptsLeft() == 1 ? " try" : " tries") + " left.");
        }
        boolean expired = check instanceof OtpCheck.Expired;
        if (move(id, "PENDING", expired ? "EXPIRED" : "FAILED")) {
            failed(account, document, expired ? "expired" : "otp-exhausted", null);
        }
        throw over();
    }

    private void confirmSecondFactor(AccountId account, SigningId id, UploadedDocument document, String code,
            String recoveryCode, String clientAddress) {
        SecondFactorConfirmation.Outcome outcome = secondFactor.confirm(account, code, recoveryCode, clientAddress);
        switch (outcome) {
            case ACCEPTED -> {
            }
            case MISSING -> throw new LockerProblemException(Kind.INVALID, "second-factor-missing", "Your locker has "
                    + "a second factor: send the code from your authenticator app in code, or a recovery code in "
                    + "recoveryCode.");
            case THROTTLED -> {
                failed(account, document, "wrong-second-factor", null);
                throw new LockerProblemException(Kind.RATE_LIMITED, "second-factor-limit", "Too many second-factor "
                        + "codes were tried lately; try again later.");
            }
            case REJECTED -> {
                int failures = jdbc.sql("""
                        update locker_signing set factor_failures = factor_failures + 1
                        where id = ? and status = 'PENDING' returning factor_failures""")
                        .param(id.value()).query(Integer.class).optional().orElse(MAX_FACTOR_FAILURES);
                if (failures >= MAX_FACTOR_FAILURES) {
                    if (move(id, "PENDING", "FAILED")) {
                        failed(account, document, "second-factor-exhausted", null);
                    }
                    throw over();
                }
                failed(account, document, "wrong-second-factor", null);
                throw new LockerProblemException(Kind.INVALID, "wrong-second-factor", "The second-factor code is not "
                        + "right; " + (MAX_FACTOR_FAILURES - failures) + " tries left.");
            }
        }
    }

    private UploadedDocument sign(AccountId account, SigningId id, Row row, UploadedDocument document) {
        ResidentAccount resident = residents.find(account).orElseThrow(DocumentSigning::noSuchSigning);
        Optional<LinkedNationalId> linked = nationalIds.linkOf(account);
        SignerIdentity signer = linked.map(link -> new SignerIdentity(link.name(), true, resident.lockerId().value()))
                .orElseGet(() -> new SignerIdentity(resident.username(), false, resident.lockerId().value()));
        try {
            if (document.mediaType().equals(PDF)) {
                return signPdf(account, id, row, document, signer);
            }
            DetachedSignature detached;
            try (InputStream content = uploads.read(account, document.id()).content()) {
                detached = signatures.signImage(content, signer);
            }
            return keep(account, id, document, document.name() + ".p7s", P7S,
                    new ByteArrayInputStream(detached.p7s()), detached.receipt());
        }
        catch (UnsignableDocumentException e) {
            String problem = e.reason().name().toLowerCase(Locale.ROOT).replace('_', '-');
            failed(account, document, "refused", problem);
            throw new LockerProblemException(e.reason() == UnsignableDocumentException.Reason.TOO_LARGE
                    ? Kind.TOO_LARGE : Kind.UNSIGNABLE, problem, refusal(e.reason()));
        }
        catch (TimeStampUnavailableException e) {
            log.warn("No time-stamp for an e-signing: {}", e.getMessage());
            throw new LockerProblemException(Kind.BUSY, "no-time-stamp", "No time-stamp could be had for the "
                    + "signature just now; start again in a few minutes.");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private UploadedDocument signPdf(AccountId account, SigningId id, Row row, UploadedDocument document,
            SignerIdentity signer) throws IOException {
        PdfSignatureOptions options = new PdfSignatureOptions(row.reason(), row.location(),
                row.visiblePage() == null ? null : PdfSignatureOptions.VisibleSignature.onPage(row.visiblePage()));
        Path signed = Files.createTempFile(scratch, "esign-", ".pdf");
        try {
            EsignReceipt receipt;
            try (InputStream content = uploads.read(account, document.id()).content();
                    OutputStream out = Files.newOutputStream(signed)) {
                receipt = signatures.signPdf(content, out, signer, options);
            }
            try (InputStream content = Files.newInputStream(signed)) {
                return keep(account, id, document, signedName(document.name()), PDF, content, receipt);
            }
        }
        finally {
            Files.deleteIfExists(signed);
        }
    }

    private UploadedDocument keep(AccountId account, SigningId id, UploadedDocument document, String name,
            String mediaType, InputStream content, EsignReceipt receipt) {
        UploadedDocument kept = uploads.keepMade(account, name, document.folder(), mediaType, content, made -> {
            int moved = jdbc.sql("""
                    update locker_signing set status = 'SIGNED', signed_upload_id = ?, finished_at = ?
                    where id = ? and status = 'SIGNING'""")
                    .params(made.value(), utc(now()), id.value()).update();
            if (moved == 0) {
                throw over();
            }
            events.publishEvent(new DocumentSigned(account, document.id().toString(), document.name(),
                    made.toString(), name, receipt.certificateSerial()));
        });
        return kept;
    }

    /** Signings whose codes ran out of time, or whose signer stopped midway, end as expired. */
    @Scheduled(initialDelay = 120_000, fixedDelay = 300_000)
    void expireOldSignings() {
        jdbc.sql("""
                update locker_signing set status = 'EXPIRED', finished_at = ?
                where status in ('PENDING', 'SIGNING') and expires_at < ?""")
                .params(utc(now()), utc(now().minus(Duration.ofMinutes(10)))).update();
        jdbc.sql("delete from locker_signing where created_at < ?").param(utc(now().minus(Duration.ofDays(7))))
                .update();
    }

    /** {@code Rent agreement.pdf} is signed into {@code Rent agreement (signed).pdf}. */
    static String signedName(String name) {
        String base = name.toLowerCase(Locale.ROOT).endsWith(".pdf") ? name.substring(0, name.length() - 4) : name;
        return base + " (signed).pdf";
    }

    static boolean signable(UploadedDocument document) {
        return switch (document.mediaType()) {
            case PDF, "image/jpeg", "image/png" -> true;
            default -> false;
        };
    }

    private static String refusal(UnsignableDocumentException.Reason reason) {
        return switch (reason) {
            case TOO_LARGE -> "The file is larger than a signed file may be.";
            case NOT_A_PDF -> "The file is not a PDF, or is too damaged to read.";
            case NOT_AN_IMAGE -> "The file is neither a JPEG nor a PNG image.";
            case ENCRYPTED -> "The PDF is encrypted or password-protected; save a copy without protection and sign "
                    + "that.";
            case LOCKED -> "The PDF was certified by its author with no changes allowed, so it cannot take a "
                    + "signature.";
            case TOO_MANY_PAGES -> "The PDF has more pages than a signed PDF may have.";
            case BAD_PLACEMENT -> "The PDF has no such page for the visible signature.";
            case TOO_SLOW -> "Signing this PDF took too long.";
        };
    }

    private boolean move(SigningId id, String from, String to) {
        return jdbc.sql("update locker_signing set status = ?, finished_at = ? where id = ? and status = ?")
                .params(to, utc(now()), id.value(), from).update() == 1;
    }

    private void failed(AccountId account, UploadedDocument document, String outcome, String problem) {
        events.publishEvent(new DocumentSigningFailed(account, document.id().toString(), document.name(), outcome,
                problem));
    }

    private Optional<Row> row(AccountId account, SigningId id) {
        return jdbc.sql("""
                select upload_id, otp_flow, reason, location, visible_page, status, otp_confirmed, expires_at
                from locker_signing where account_id = ? and id = ?""")
                .params(account.value(), id.value())
                .query((rs, n) -> new Row(new UploadId(rs.getObject("upload_id", UUID.class)), rs.getString("otp_flow"),
                        rs.getString("reason"), rs.getString("location"), (Integer) rs.getObject("visible_page"),
                        rs.getString("status"), rs.getBoolean("otp_confirmed"),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
                .optional();
    }

    private static LockerProblemException noSuchSigning() {
        return new LockerProblemException(Kind.NOT_FOUND, "There is no such e-signing.");
    }

    private static LockerProblemException over() {
        return new LockerProblemException(Kind.GONE, "over", "This e-signing is over: it expired, was cancelled after "
                + "wrong codes, or was used. Start again.");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * A signing waiting for its codes.
     *
     * @param document the document to sign
     * @param mobile where the code went, masked
     * @param expiresAt until when the codes may be given
     * @param secondFactor whether the second factor must be given too
     */
    public record PendingSigning(SigningId id, UploadedDocument document, String mobile, Instant expiresAt,
            boolean secondFactor) {
    }

    private record Row(UploadId upload, String otpFlow, String reason, String location, Integer visiblePage,
            String status, boolean otpConfirmed, Instant expiresAt) {
    }
}
