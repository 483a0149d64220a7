package org.tijori.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.tijori.account.events.SecondFactorRequested;
import org.tijori.account.events.SignedIn;
import org.tijori.account.factor.FactorOwner;
import org.tijori.account.factor.SecondFactors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.stereotype.Component;

/**
 * Decides what a proven factor is worth, for every way of signing in: the password form, a code by SMS,
 * the national ID, an external provider, a passkey. An account with a second factor gets, after its first
 * factor, a session without its role that only the second factor completes; an administrator without one
 * gets a session that can only set one up; a passkey signs in alone. The role of an account is granted
 * here and nowhere else.
 */
@Component
public class TwoStepSignIn {

    private final SecondFactors factors;

    private final Administrators administrators;

    private final ResidentAccounts residents;

    private final ApplicationEventPublisher events;

    TwoStepSignIn(SecondFactors factors, Administrators administrators, ResidentAccounts residents,
            ApplicationEventPublisher events) {
        this.factors = factors;
        this.administrators = administrators;
        this.residents = residents;
        this.events = events;
    }

    /**
     * The session a first factor gives: complete for an account without a second factor, waiting for it
     * otherwise (or, for an administrator without one, waiting for its set-up). A reset of the second factor
     * whose waiting period is over takes effect here.
     *
     * @param factor the factor proven, one of {@link SignInFactors}
     * @param method how the trail names the way in, e.g. {@code mobile-otp}
     */
    SignInAuthentication afterFirstFactor(UserDetails principal, String factor, String method) {
        FactorOwner owner = ownerOf(principal);
        factors.applyDueReset(owner);
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(FactorGrantedAuthority.fromAuthority(factor));
        boolean hasSecond = factors.any(owner);
        if (!hasSecond && !owner.administrator()) {
            authorities.addAll(principal.getAuthorities());
        }
        else {
            authorities.add(new SimpleGrantedAuthority(
                    hasSecond ? SignInFactors.AWAITING_SECOND_FACTOR : SignInFactors.AWAITING_ENROLMENT));
        }
        return new SignInAuthentication(principal, method, authorities);
    }

    /**
     * The complete session after the second factor was proven for a waiting one (or set up by an administrator
     * who had none): its first factor, the new one and the account's role.
     *
     * @param secondFactor one of {@link SignInFactors#SECOND}
     */
    public SignInAuthentication complete(Authentication waiting, String secondFactor) {
        if (!(waiting instanceof SignInAuthentication pending) || SignInFactors.stageOf(pending) == SignInFactors.Stage.NONE) {
            throw new IllegalArgumentException("nothing waits for a second factor");
        }
        List<GrantedAuthority> authorities = new ArrayList<>(pending.getAuthorities().stream()
                .filter(FactorGrantedAuthority.class::isInstance).toList());
        authorities.add(FactorGrantedAuthority.fromAuthority(secondFactor));
        authorities.addAll(pending.getPrincipal().getAuthorities());
        String method = SignInFactors.stageOf(pending) == SignInFactors.Stage.COMPLETE ? pending.method()
                : pending.method() + "+" + SignInFactors.name(secondFactor);
        var complete = new SignInAuthentication(pending.getPrincipal(), method, authorities);
        complete.setDetails(pending.getDetails());
        return complete;
    }

    /**
     * The session a passkey gives to the owner of its user entity: complete, since the passkey proved
     * possession and, by user verification, a PIN or a biometric.
     */
    Optional<SignInAuthentication> passkey(String principalName) {
        return principalNamed(principalName).map(found -> {
            List<GrantedAuthority> authorities = new ArrayList<>();
            authorities.add(FactorGrantedAuthority.fromAuthority(SignInFactors.PASSKEY));
            authorities.addAll(found.getAuthorities());
            return new SignInAuthentication(found, "passkey", authorities);
        });
    }

    /** Tells the trail what a sign-in reached, once the session holds it. */
    public void announce(Authentication authentication) {
        if (!(authentication instanceof SignInAuthentication signIn)) {
            return;
        }
        switch (SignInFactors.stageOf(signIn)) {
            case COMPLETE -> events.publishEvent(new SignedIn(signIn.getName(), signIn.method()));
            case SECOND_FACTOR -> events.publishEvent(new SecondFactorRequested(signIn.getName(), signIn.method(), false));
            case ENROLMENT -> events.publishEvent(new SecondFactorRequested(signIn.getName(), signIn.method(), true));
            case NONE -> {
            }
        }
    }

    /** Whether signing in as this principal asks for a second factor that it has set up. */
    boolean hasSecondFactor(UserDetails principal) {
        return factors.any(ownerOf(principal));
    }

    /** Whose factors a signed-in (or half signed-in) principal has. */
    public FactorOwner ownerOf(Object principal) {
        if (principal instanceof ResidentPrincipal resident) {
            return new FactorOwner(resident.accountId().value(), resident.getUsername(), resident.displayName(), false);
        }
        if (principal instanceof AdministratorPrincipal administrator) {
            return new FactorOwner(administrator.id(), administrator.getUsername(), administrator.getUsername(), true);
        }
        throw new IllegalArgumentException("no second factors for " + principal);
    }

    /** The mobile number of a resident owner, for a reset of the second factor. */
    public Optional<MobileNumber> mobileOf(FactorOwner owner) {
        return owner.administrator() ? Optional.empty()
                : residents.find(new AccountId(owner.id())).map(ResidentAccount::mobile);
    }

    private Optional<UserDetails> principalNamed(String name) {
        Optional<UserDetails> resident = accountIdIn(name).flatMap(residents::find)
                .filter(found -> !found.deletionScheduled())
                .map(found -> new ResidentPrincipal(found.id(), found.username(), null));
        return resident.or(() -> administrators.findByUsername(name)
                .map(admin -> new AdministratorPrincipal(admin.id(), admin.username(), null)));
    }

    private static Optional<AccountId> accountIdIn(String name) {
        try {
            return Optional.of(AccountId.of(name));
        }
        catch (IllegalArgumentException notAnAccountId) {
            return Optional.empty();
        }
    }
}
