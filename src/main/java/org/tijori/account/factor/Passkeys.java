package org.tijori.account.factor;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.tijori.TijoriProperties;
import org.tijori.account.events.SecondFactorEnabled;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.webauthn.api.AttestationConveyancePreference;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.management.JdbcPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialCreationOptionsRequest;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialRequestOptionsRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;
import org.springframework.security.web.webauthn.registration.PublicKeyCredentialCreationOptionsRepository;
import org.springframework.stereotype.Component;

/**
 * Passkeys through Spring Security's WebAuthn support (webauthn4j underneath), with credentials in
 * PostgreSQL. The relying party is {@code tijori.base-url}: its host is the RP ID and its origin the only
 * origin accepted. User verification (a PIN or a biometric on the authenticator) is required when a passkey
 * is made and whenever it is used, so that a passkey is two factors in one and signs in alone.
 * <p>
 * A passkey's user entity is named after the principal: a resident's account ID, an administrator's
 * username; the authenticator shows the username.
 */
@Component
public class Passkeys implements WebAuthnRelyingPartyOperations, PublicKeyCredentialCreationOptionsRepository {

    static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(PublicKeyCredentialParameters.EdDSA,
            PublicKeyCredentialParameters.ES256, PublicKeyCredentialParameters.RS256);

    static final Duration CEREMONY_TIMEOUT = Duration.ofMinutes(5);

    static final int MAX_LABEL = 64;

    private static final String CREATION_OPTIONS = Passkeys.class.getName() + ".creationOptions";

    private final JdbcPublicKeyCredentialUserEntityRepository userEntities;

    private final JdbcUserCredentialRepository credentials;

    private final Webauthn4JRelyingPartyOperations ceremonies;

    private final PublicKeyCredentialRpEntity relyingParty;

    private final ApplicationEventPublisher events;

    Passkeys(JdbcOperations jdbc, TijoriProperties tijori, ApplicationEventPublisher events) {
        this.events = events;
        this.userEntities = new JdbcPublicKeyCredentialUserEntityRepository(jdbc);
        this.credentials = new JdbcUserCredentialRepository(jdbc);
        URI base = tijori.baseUrl();
        this.relyingParty = PublicKeyCredentialRpEntity.builder().id(base.getHost()).name("Tijori").build();
        this.ceremonies = new Webauthn4JRelyingPartyOperations(userEntities, credentials, relyingParty,
                Set.of(origin(base)));
        this.ceremonies.setCustomizeCreationOptions(options -> options.authenticatorSelection(selection()));
        this.ceremonies.setCustomizeRequestOptions(
                options -> options.userVerification(UserVerificationRequirement.REQUIRED));
    }

    /** {@code scheme://host[:port]}, as a browser writes the origin of a page at {@code base}. */
    public static String origin(URI base) {
        return base.getScheme() + "://" + base.getHost() + (base.getPort() == -1 ? "" : ":" + base.getPort());
    }

    private static AuthenticatorSelectionCriteria selection() {
        return AuthenticatorSelectionCriteria.builder().userVerification(UserVerificationRequirement.REQUIRED)
                .residentKey(ResidentKeyRequirement.REQUIRED).build();
    }

    /**
     * Options to make a passkey: only for a complete sign-in, or an administrator who must set up a second
     * factor; never for a session that still owes its second factor.
     */
    @Override
    public PublicKeyCredentialCreationOptions createPublicKeyCredentialCreationOptions(
            PublicKeyCredentialCreationOptionsRequest request) {
        var stage = org.tijori.account.SignInFactors.stageOf(request.getAuthentication());
        if (stage != org.tijori.account.SignInFactors.Stage.COMPLETE
                && stage != org.tijori.account.SignInFactors.Stage.ENROLMENT) {
            throw new AccessDeniedException("finish signing in before adding a passkey");
        }
        return ceremonies.createPublicKeyCredentialCreationOptions(request);
    }

    /**
     * Verifies and keeps a new passkey.
     *
     * @throws IllegalArgumentException when its name is missing or too long, or the authenticator's answer
     *                                  does not hold (the page is told so, with a 400)
     */
    @Override
    public CredentialRecord registerCredential(RelyingPartyRegistrationRequest request) {
        String label = request.getPublicKey().getLabel();
        if (label == null || label.isBlank() || label.length() > MAX_LABEL) {
            throw new IllegalArgumentException("a passkey needs a name of 1 to " + MAX_LABEL + " characters");
        }
        CredentialRecord record = ceremonies.registerCredential(request);
        events.publishEvent(new SecondFactorEnabled(request.getCreationOptions().getUser().getName(), "passkey"));
        return record;
    }

    @Override
    public PublicKeyCredentialRequestOptions createCredentialRequestOptions(PublicKeyCredentialRequestOptionsRequest request) {
        return ceremonies.createCredentialRequestOptions(request);
    }

    @Override
    public PublicKeyCredentialUserEntity authenticate(RelyingPartyAuthenticationRequest request) {
        return ceremonies.authenticate(request);
    }

    /** Names the principal's user entity for the authenticator, before its first passkey is made. */
    void prepare(String principal, String displayName) {
        if (userEntities.findByUsername(principal) == null) {
            userEntities.save(ImmutablePublicKeyCredentialUserEntity.builder().id(Bytes.random()).name(principal)
                    .displayName(displayName).build());
        }
    }

    /** The principal's passkeys, newest first. */
    List<Passkey> of(String principal) {
        PublicKeyCredentialUserEntity user = userEntities.findByUsername(principal);
        if (user == null) {
            return List.of();
        }
        return credentials.findByUserId(user.getId()).stream()
                .map(record -> new Passkey(record.getCredentialId().toBase64UrlString(), record.getLabel(),
                        record.getCreated(), record.getLastUsed()))
                .sorted(Comparator.comparing(Passkey::created, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
    }

    /** Removes one of the principal's passkeys; false when the principal has no passkey of that ID. */
    boolean remove(String principal, String credentialId) {
        Optional<Passkey> owned = of(principal).stream().filter(key -> key.id().equals(credentialId)).findFirst();
        owned.ifPresent(key -> credentials.delete(Bytes.fromBase64(key.id())));
        return owned.isPresent();
    }

    /** Forgets every passkey of the principal, and its user entity. */
    void removeAll(String principal) {
        PublicKeyCredentialUserEntity user = userEntities.findByUsername(principal);
        if (user != null) {
            credentials.findByUserId(user.getId()).forEach(record -> credentials.delete(record.getCredentialId()));
            userEntities.delete(user.getId());
        }
    }

    // Spring Security's own repository keeps the options in the session as they are, and they are not
    // serializable: sessions here live in PostgreSQL. What the registration needs is kept instead.

    @Override
    public void save(HttpServletRequest request, HttpServletResponse response, PublicKeyCredentialCreationOptions options) {
        if (options == null) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.removeAttribute(CREATION_OPTIONS);
            }
            return;
        }
        request.getSession().setAttribute(CREATION_OPTIONS, new PendingCreation(options.getChallenge().getBytes(),
                options.getUser().getId().getBytes(), options.getUser().getName(), options.getUser().getDisplayName()));
    }

    @Override
    public PublicKeyCredentialCreationOptions load(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(CREATION_OPTIONS) instanceof PendingCreation pending)) {
            return null;
        }
        return PublicKeyCredentialCreationOptions.builder().rp(relyingParty)
                .user(ImmutablePublicKeyCredentialUserEntity.builder().id(new Bytes(pending.userId()))
                        .name(pending.userName()).displayName(pending.displayName()).build())
                .challenge(new Bytes(pending.challenge())).pubKeyCredParams(ALGORITHMS)
                .authenticatorSelection(selection()).attestation(AttestationConveyancePreference.NONE)
                .timeout(CEREMONY_TIMEOUT).build();
    }

    /** What a passkey's registration needs of the options it was made with. */
    record PendingCreation(byte[] challenge, byte[] userId, String userName, String displayName)
            implements Serializable {
    }

    /**
     * A passkey as its owner sees it.
     *
     * @param id the credential ID, base64url
     * @param label the name its owner gave it
     */
    public record Passkey(String id, String label, Instant created, Instant lastUsed) {
    }
}
