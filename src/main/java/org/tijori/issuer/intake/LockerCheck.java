package org.tijori.issuer.intake;

import java.util.Optional;

import org.tijori.account.LockerId;

/** The answer to "has this mobile number or national ID a locker?", or why it was not given. */
public sealed interface LockerCheck permits LockerCheck.Answered, LockerCheck.Refused {

    record Answered(Optional<LockerId> locker) implements LockerCheck {
    }

    record Refused(PushOutcome.Refused refusal) implements LockerCheck {
    }
}
