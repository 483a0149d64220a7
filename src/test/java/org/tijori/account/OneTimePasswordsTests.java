package org.tijori.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rules of one-time passwords, with a clock the test moves.
 */
@SpringBootTest
class OneTimePasswordsTests {

    static final AtomicLong numbers = new AtomicLong(8_200_000_000L + (System.nanoTime() % 1_000_000) * 100);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RateLimits limits;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    AccountProperties properties;

    @Autowired
    MessageSource messages;

    MovableClock clock;

    List<String> sent;

    OneTimePasswords otps;

    @BeforeEach
    void service() {
        clock = new MovableClock(Instant.parse("2026-11-28T10:00:00Z"));
        sent = new ArrayList<>();
        SmsSender sms = (to, text) -> sent.add(to.value() + " " + text);
        otps = new OneTimePasswords(jdbc, sms, limits, events, transactions, clock, properties, messages);
    }

    static MobileNumber newMobile() {
        return new MobileNumber(String.valueOf(numbers.incrementAndGet()));
    }

    String lastCode() {
        Matcher matcher = Pattern.compile("(?<!\\d)(\\d{6})(?!\\d)").matcher(sent.get(sent.size() - 1));
        assertThat(matcher.find()).isTrue();
        String code = matcher.group(1);
        assertThat(matcher.find()).as("only one 6-digit number in the text").isFalse();
        return code;
    }

    @Test
    void theTextIsInTheLanguageOfThePageThatAskedForTheCode() {
        otps.send(OtpPurpose.SIGN_UP, newMobile(), null, true, null);
        assertThat(sent.get(sent.size() - 1)).contains("Your Tijori code to create your locker is ",
                "It expires in ten minutes.");
        LocaleContextHolder.setLocale(java.util.Locale.forLanguageTag("hi"));
        try {
            otps.send(OtpPurpose.ESIGN, newMobile(), null, true, null);
        }
        finally {
            LocaleContextHolder.resetLocaleContext();
        }
        String hindi = sent.get(sent.size() - 1);
        assertThat(hindi).contains("अपने लॉकर के किसी दस्तावेज़ पर ई-हस्ताक्षर करने के लिए आपका तिजोरी कोड ",
                "यह दस मिनट तक मान्य है।").doesNotContain("Tijori code");
        assertThat(lastCode()).hasSize(6);
    }

    @Test
    void aCodeIsStoredOnlyAsAHash() {
        OtpChallenge challenge = otps.send(OtpPurpose.SIGN_IN, newMobile(), null, true, "192.0.2.1");

        String code = lastCode();
        byte[] stored = jdbc.sql("select code_hash from account_otp where flow = ?").param(challenge.flow())
                .query(byte[].class).single();
        assertThat(stored).hasSize(32);
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(code);
    }

    @Test
    void aCodeExpiresAfterTenMinutes() {
        OtpChallenge challenge = otps.send(OtpPurpose.SIGN_IN, newMobile(), null, true, "192.0.2.1");
        String code = lastCode();

        clock.advance(Duration.ofMinutes(10));

        assertThat(otps.check(challenge.flow(), OtpPurpose.SIGN_IN, code)).isInstanceOf(OtpCheck.Expired.class);
    }

    @Test
    void aCodeIsGoodJustBeforeItsTenMinutesEndAndOnlyOnce() {
        MobileNumber mobile = newMobile();
        OtpChallenge challenge = otps.send(OtpPurpose.SIGN_IN, mobile, "subject-1", true, "192.0.2.1");
        String code = lastCode();

        clock.advance(Duration.ofMinutes(9).plusSeconds(59));

        assertThat(otps.check(challenge.flow(), OtpPurpose.SIGN_IN, code))
                .isEqualTo(new OtpCheck.Confirmed(mobile, "subject-1"));
        assertThat(otps.check(challenge.flow(), OtpPurpose.SIGN_IN, code)).isInstanceOf(OtpCheck.Unknown.class);
    }

    @Test
    void aCodeProvesOnlyItsOwnPurpose() {
        OtpChallenge challenge = otps.send(OtpPurpose.SIGN_IN, newMobile(), null, true, "192.0.2.1");

        assertThat(otps.check(challenge.flow(), OtpPurpose.RESET_PASSWORD, lastCode()))
                .isInstanceOf(OtpCheck.Unknown.class);
    }

    @Test
    void fiveWrongCodesEndIt() {
        OtpChallenge challenge = otps.send(OtpPurpose.SIGN_IN, newMobile(), null, true, "192.0.2.1");
        String code = lastCode();
        String wrong = code.equals("999999") ? "000000" : "999999";

        for (int left = 4; left >= 1; left--) {
            assertThat(otps.check(challenge.flow(), OtpPurpose.SIGN_IN, wrong)).isEqualTo(new OtpCheck.Rejected(left));
        }
        assertThat(otps.check(challenge.flow(), OtpPurpose.SIGN_IN, wrong)).isInstanceOf(OtpCheck.Exhausted.class);
        assertThat(otps.check(challenge.flow(), OtpPurpose.SIGN_IN, code)).isInstanceOf(OtpCheck.Exhausted.class);
    }

    @Test
    void aNewCodeComesAfterThirtySecondsAndReplacesTheOldOne() {
        OtpChallenge challenge = otps.send(OtpPurpose.SIGN_IN, newMobile(), null, true, "192.0.2.1");
        String first = lastCode();

        clock.advance(Duration.ofSeconds(29));
        assertThatThrownBy(() -> otps.resend(challenge.flow(), "192.0.2.1"))
                .isInstanceOf(OtpResendTooSoonException.class);
        clock.advance(Duration.ofSeconds(1));
        otps.resend(challenge.flow(), "192.0.2.1");
        String second = lastCode();

        if (!first.equals(second)) {
            assertThat(otps.check(challenge.flow(), OtpPurpose.SIGN_IN, first)).isInstanceOf(OtpCheck.Rejected.class);
        }
        assertThat(otps.check(challenge.flow(), OtpPurpose.SIGN_IN, second)).isInstanceOf(OtpCheck.Confirmed.class);
    }

    @Test
    void aCodeThatWasNeverDeliveredNeverMatches() {
        OtpChallenge challenge = otps.send(OtpPurpose.SIGN_IN, newMobile(), null, false, "192.0.2.1");

        assertThat(sent).isEmpty();
        for (int guess = 0; guess < 3; guess++) {
            assertThat(otps.check(challenge.flow(), OtpPurpose.SIGN_IN, String.format("%06d", guess)))
                    .isInstanceOf(OtpCheck.Rejected.class);
        }
    }

    @Test
    void oneAddressCannotFloodManyNumbers() {
        String address = "198.51.100." + (numbers.get() % 200);
        for (int i = 0; i < properties.otpSendsPerAddress(); i++) {
            otps.send(OtpPurpose.SIGN_UP, newMobile(), null, true, address);
        }

        assertThatThrownBy(() -> otps.send(OtpPurpose.SIGN_UP, newMobile(), null, true, address))
                .isInstanceOf(RateLimitedException.class).hasMessageContaining("network");
    }

    @Test
    void aFailedSmsIsReportedAndLeavesNoCode() {
        SmsSender broken = (to, text) -> {
            throw new SmsNotSentException("gateway down", null);
        };
        var failing = new OneTimePasswords(jdbc, broken, limits, events, transactions, clock, properties, messages);
        MobileNumber mobile = newMobile();

        assertThatThrownBy(() -> failing.send(OtpPurpose.SIGN_UP, mobile, null, true, "192.0.2.9"))
                .isInstanceOf(SmsNotSentException.class);
        assertThat(jdbc.sql("select count(*) from account_otp where mobile = ?").param(mobile.value())
                .query(Long.class).single()).isZero();
    }

    /** A clock that stands still until the test moves it. */
    static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
