-- Connections schema, version 3, PostgreSQL: OAuth 2.0 connections.
-- Usable as it is by Flyway (placeholder ${prefix}) or applied by JdbcSchema.migrate(). Existing rows keep a NULL
-- grant, which is how an API-key connection reads; no row is rewritten. The tokens themselves are sealed in the
-- secrets table under the connection's secret_ref, exactly like keys, so nothing here is secret.

-- A connection made by OAuth 2.0: its grant (AUTHORIZATION_CODE or CLIENT_CREDENTIALS), when the access token
-- expires (NULL when the provider did not say), the granted scopes (a JSON array of strings, in order) and
-- whether the grant works (ACTIVE or NEEDS_RECONNECT). All four are NULL for an API-key connection.
ALTER TABLE ${prefix}connections
    ADD COLUMN grant_type              VARCHAR(32),
    ADD COLUMN access_token_expires_at TIMESTAMP WITH TIME ZONE,
    ADD COLUMN granted_scopes          TEXT,
    ADD COLUMN grant_status            VARCHAR(32);

-- Started authorizations, kept until their callback takes one (once) or they expire; keyed by the hash of the
-- state the browser carries, never the state itself. The PKCE code verifier is sealed as keys are in the secrets
-- table (format, key id, sealed bytes), bound to verifier_ref.
CREATE TABLE ${prefix}authorization_states (
    state_hash      VARCHAR(128) COLLATE "C" NOT NULL,
    workspace       VARCHAR(128)  NOT NULL,
    integration     VARCHAR(63)   NOT NULL,
    actor           VARCHAR(128),
    connection_id   VARCHAR(36)   NOT NULL,
    reconnect       BOOLEAN       NOT NULL,
    name            VARCHAR(400)  NOT NULL,
    redirect_uri    VARCHAR(2048) NOT NULL,
    verifier_ref    VARCHAR(100)  NOT NULL,
    verifier_format INTEGER       NOT NULL,
    verifier_key_id VARCHAR(64)   NOT NULL,
    verifier_sealed BYTEA         NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT ${prefix}authorization_states_pk PRIMARY KEY (state_hash)
);

-- The purge of expired states.
CREATE INDEX ${prefix}authorization_states_expires_ix ON ${prefix}authorization_states (expires_at);
