-- The access gateway (ADR 23): requesters, residents' consents, the authorization server's authorizations and
-- what the partner API counts. Every table lands here at once, so that the slices built in parallel add no
-- migration of their own. Token values are never stored: each *_hash is the SHA-256 of a 256-bit random value.

-- Requesters: banks, employers, universities that fetch documents with a resident's consent. The client secret is
-- compared by its keyed hash only; the sealed copy exists because DigiLocker's protocol keys HMACs with the secret
-- (the hmac header of a file, the upload's hmac, the form credential).
CREATE TABLE gateway_requester
(
    id                   uuid        PRIMARY KEY,
    name                 text        NOT NULL,
    organisation         text        NOT NULL,
    contact_email        text        NOT NULL,
    purpose              text        NOT NULL,
    redirect_uris        text[]      NOT NULL,
    logo                 bytea,
    logo_media_type      text        CHECK (logo_media_type IN ('image/png', 'image/jpeg')),
    kind                 text        NOT NULL DEFAULT 'WEB' CHECK (kind IN ('WEB', 'DEVICE')),
    may_sign_up          boolean     NOT NULL DEFAULT false,
    status               text        NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'SUSPENDED')),
    client_id            text        UNIQUE,
    -- SealedValues.fingerprint("gateway/client-secret", secret)
    client_secret_hash   bytea,
    -- sealed in the context gateway/client-secret
    client_secret_sealed bytea,
    registered_at        timestamptz NOT NULL,
    status_changed_at    timestamptz NOT NULL,
    secret_rotated_at    timestamptz
);

-- A resident's consent: who may reach what, for which purpose, until when. It stays for the account's life, with
-- its signed receipt (a compact JWS), after it has ended.
CREATE TABLE gateway_consent
(
    id              uuid        PRIMARY KEY,
    account_id      uuid        NOT NULL,
    requester_id    uuid        NOT NULL REFERENCES gateway_requester (id),
    grant_kind      text        NOT NULL CHECK (grant_kind IN ('CODE', 'DEVICE', 'SIGN_UP')),
    scopes          text[]      NOT NULL,
    all_issued      boolean     NOT NULL,
    documents       text[]      NOT NULL DEFAULT '{}',
    -- the requester's purpose as the resident was shown it
    purpose         text        NOT NULL,
    -- the authorization request's own purpose parameter, at most 200 characters
    request_purpose text        CHECK (char_length(request_purpose) <= 200),
    duration        text        NOT NULL CHECK (duration IN ('ONCE', 'DAY', 'MONTH', 'YEAR')),
    granted_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    ended_at        timestamptz,
    ended_by        text        CHECK (ended_by IN ('RESIDENT', 'REQUESTER', 'ADMINISTRATOR', 'REUSE', 'ACCOUNT')),
    receipt         text        NOT NULL
);
CREATE INDEX gateway_consent_by_account ON gateway_consent (account_id, granted_at DESC);
CREATE INDEX gateway_consent_live_by_requester ON gateway_consent (requester_id) WHERE ended_at IS NULL;

-- Spring Security's authorizations (OAuth2Authorization), one row each, with the hashes of their tokens. The
-- request column keeps what the authorization request asked (redirect URI, scopes, state, code challenge and
-- method, nonce, tolerated parameters, the device flow's OTP flow), never a token.
CREATE TABLE gateway_authorization
(
    id                       text        PRIMARY KEY,
    requester_id             uuid        NOT NULL REFERENCES gateway_requester (id),
    grant_type               text        NOT NULL,
    account_id               uuid,
    locker_id                uuid,
    consent_id               uuid        REFERENCES gateway_consent (id),
    authorized_scopes        text[]      NOT NULL DEFAULT '{}',
    request                  jsonb       NOT NULL,
    state_hash               bytea       UNIQUE,
    code_hash                bytea       UNIQUE,
    code_issued_at           timestamptz,
    code_expires_at          timestamptz,
    code_invalidated_at      timestamptz,
    access_hash              bytea       UNIQUE,
    access_issued_at         timestamptz,
    access_expires_at        timestamptz,
    access_scopes            text[],
    access_invalidated_at    timestamptz,
    refresh_hash             bytea       UNIQUE,
    refresh_issued_at        timestamptz,
    refresh_expires_at       timestamptz,
    refresh_invalidated_at   timestamptz,
    id_token_claims          jsonb,
    id_token_issued_at       timestamptz,
    id_token_expires_at      timestamptz,
    device_code_hash         bytea       UNIQUE,
    user_code_hash           bytea       UNIQUE,
    device_issued_at         timestamptz,
    device_expires_at        timestamptz,
    device_invalidated_at    timestamptz,
    user_code_invalidated_at timestamptz,
    revoked_at               timestamptz,
    revoked_reason           text,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL
);
CREATE INDEX gateway_authorization_by_consent ON gateway_authorization (consent_id);
CREATE INDEX gateway_authorization_by_account ON gateway_authorization (account_id);
CREATE INDEX gateway_authorization_live_by_requester ON gateway_authorization (requester_id) WHERE revoked_at IS NULL;
CREATE INDEX gateway_authorization_by_update ON gateway_authorization (updated_at);

-- Refresh tokens already exchanged: one presented again revokes its whole authorization (family revocation).
CREATE TABLE gateway_spent_refresh
(
    token_hash       bytea       PRIMARY KEY,
    authorization_id text        NOT NULL REFERENCES gateway_authorization (id) ON DELETE CASCADE,
    spent_at         timestamptz NOT NULL
);

-- What a requester did with a consent, for the resident's connected apps: one row per consent, operation and
-- document, counted per window.
CREATE TABLE gateway_access
(
    id         uuid        PRIMARY KEY,
    consent_id uuid        NOT NULL REFERENCES gateway_consent (id) ON DELETE CASCADE,
    account_id uuid        NOT NULL,
    operation  text        NOT NULL,
    document   text,
    first_at   timestamptz NOT NULL,
    last_at    timestamptz NOT NULL,
    times      integer     NOT NULL
);
CREATE INDEX gateway_access_by_account ON gateway_access (account_id, consent_id, last_at DESC);

-- Calls and errors per requester and day, for the requester's portal.
CREATE TABLE gateway_call_day
(
    requester_id uuid   NOT NULL,
    day          date   NOT NULL,
    calls        bigint NOT NULL,
    errors       bigint NOT NULL,
    PRIMARY KEY (requester_id, day)
);

-- A requester's recent errors (the flush keeps the newest 100 of each).
CREATE TABLE gateway_call_error
(
    id           uuid        PRIMARY KEY,
    requester_id uuid        NOT NULL,
    at           timestamptz NOT NULL,
    operation    text        NOT NULL,
    status       integer     NOT NULL,
    error        text        NOT NULL
);
CREATE INDEX gateway_call_error_by_requester ON gateway_call_error (requester_id, at DESC);

-- Form credentials (clientid, ts, hmac) already taken: each is accepted once within the request lifetime.
CREATE TABLE gateway_spent_proof
(
    client_id text        NOT NULL,
    proof     bytea       NOT NULL,
    spent_at  timestamptz NOT NULL,
    PRIMARY KEY (client_id, proof)
);
CREATE INDEX gateway_spent_proof_by_time ON gateway_spent_proof (spent_at);

-- A sign-up a requester started through demographic authentication, waiting for the resident's OTP.
CREATE TABLE gateway_pending_signup
(
    id                uuid        PRIMARY KEY,
    requester_id      uuid        NOT NULL,
    mobile            text        NOT NULL,
    otp_flow          text        NOT NULL UNIQUE,
    -- sealed in the context gateway/national-id
    uid_sealed        bytea,
    name              text,
    dob               date,
    gender            text,
    demo_auth_matched boolean     NOT NULL,
    created_at        timestamptz NOT NULL,
    expires_at        timestamptz NOT NULL,
    UNIQUE (requester_id, mobile)
);

-- The RSA keys that sign ID tokens and consent receipts. Every public key stays listed in the JWKS for good
-- (receipts are checked for years); the private half is sealed in the context gateway/signing-key, and removed
-- once the key is retired. generation is unique, so that nodes starting together make one key between them.
CREATE TABLE gateway_signing_key
(
    id             uuid        PRIMARY KEY,
    generation     integer     NOT NULL UNIQUE,
    kid            text        NOT NULL UNIQUE,
    public_jwk     text        NOT NULL,
    private_sealed bytea,
    created_at     timestamptz NOT NULL,
    signs_from     timestamptz NOT NULL,
    retired_at     timestamptz
);
