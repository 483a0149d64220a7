-- Second factors. account_id is a resident's account ID or an administrator's ID: both are random
-- UUIDs, and an administrator needs a second factor as much as a resident may want one.

-- An authenticator app (TOTP, RFC 6238). The secret is sealed with the master keyset (storage module).
-- last_step is the last time step accepted, so that each code is used once.
CREATE TABLE account_totp
(
    account_id    uuid        PRIMARY KEY,
    secret_sealed bytea       NOT NULL,
    enabled_at    timestamptz NOT NULL,
    last_step     bigint      NOT NULL
);

-- A secret shown on the enrolment page, waiting for the first code typed from the app.
CREATE TABLE account_totp_enrolment
(
    account_id    uuid        PRIMARY KEY,
    secret_sealed bytea       NOT NULL,
    created_at    timestamptz NOT NULL
);

-- Recovery codes: ten, shown once, kept as salted SHA-256 hashes, each good for one sign-in.
CREATE TABLE account_recovery_code
(
    id         uuid        PRIMARY KEY,
    account_id uuid        NOT NULL,
    code_hash  bytea       NOT NULL,
    created_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX account_recovery_code_by_account ON account_recovery_code (account_id);

-- A resident who lost every second factor and proved the mobile number: the factors go only when
-- effective_at has passed, so that someone with the mobile alone cannot take over at once.
CREATE TABLE account_second_factor_reset
(
    account_id   uuid        PRIMARY KEY,
    requested_at timestamptz NOT NULL,
    effective_at timestamptz NOT NULL
);

-- Passkeys: Spring Security's own WebAuthn tables (JdbcPublicKeyCredentialUserEntityRepository and
-- JdbcUserCredentialRepository fix their names and columns). A user entity's name is the principal's
-- name: a resident's account ID, an administrator's username.
CREATE TABLE user_entities
(
    id           varchar(1000) NOT NULL PRIMARY KEY,
    name         varchar(100)  NOT NULL UNIQUE,
    display_name varchar(200)
);

CREATE TABLE user_credentials
(
    credential_id                varchar(1000) NOT NULL PRIMARY KEY,
    user_entity_user_id          varchar(1000) NOT NULL,
    public_key                   bytea         NOT NULL,
    signature_count              bigint,
    uv_initialized               boolean,
    backup_eligible              boolean       NOT NULL,
    authenticator_transports     varchar(1000),
    public_key_credential_type   varchar(100),
    backup_state                 boolean       NOT NULL,
    attestation_object           bytea,
    attestation_client_data_json bytea,
    created                      timestamp,
    last_used                    timestamp,
    label                        varchar(1000) NOT NULL
);
CREATE INDEX user_credentials_by_user ON user_credentials (user_entity_user_id);
