-- Connections schema, version 3, MariaDB / MySQL: OAuth 2.0 connections.
-- Usable as it is by Flyway (placeholder ${prefix}) or applied by JdbcSchema.migrate(). Existing rows keep a NULL
-- grant, which is how an API-key connection reads; no row is rewritten. The tokens themselves are sealed in the
-- secrets table under the connection's secret_ref, exactly like keys, so nothing here is secret.

-- A connection made by OAuth 2.0: its grant (AUTHORIZATION_CODE or CLIENT_CREDENTIALS), when the access token
-- expires (NULL when the provider did not say; UTC, as every DATETIME here), the granted scopes (a JSON array of
-- strings, in order) and whether the grant works (ACTIVE or NEEDS_RECONNECT). All four are NULL for an API-key
-- connection. MariaDB commits DDL at once, so the columns come first, in one statement, and the table below,
-- created last with its index, is what says the version is complete.
ALTER TABLE ${prefix}connections
    ADD COLUMN grant_type              VARCHAR(32),
    ADD COLUMN access_token_expires_at DATETIME(6),
    ADD COLUMN granted_scopes          MEDIUMTEXT,
    ADD COLUMN grant_status            VARCHAR(32);

-- Started authorizations, kept until their callback takes one (once) or they expire; keyed by the hash of the
-- state the browser carries, never the state itself. The PKCE code verifier is sealed as keys are in the secrets
-- table (format, key id, sealed bytes), bound to verifier_ref. The index serves the purge of expired states.
CREATE TABLE ${prefix}authorization_states (
    state_hash      VARCHAR(128)  NOT NULL,
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
    verifier_sealed MEDIUMBLOB    NOT NULL,
    created_at      DATETIME(6)   NOT NULL,
    expires_at      DATETIME(6)   NOT NULL,
    CONSTRAINT ${prefix}authorization_states_pk PRIMARY KEY (state_hash),
    INDEX ${prefix}authorization_states_expires_ix (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
