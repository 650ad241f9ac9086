-- Connections schema, version 1, MariaDB / MySQL (InnoDB, utf8mb4 with binary collation so ids compare exactly).
-- Usable as it is by Flyway (placeholder ${prefix}, e.g. connections_) or applied by JdbcSchema.migrate().

CREATE TABLE ${prefix}connections (
    workspace    VARCHAR(128) NOT NULL,
    id           VARCHAR(36)  NOT NULL,
    integration  VARCHAR(63)  NOT NULL,
    name         VARCHAR(400) NOT NULL,
    name_key     VARCHAR(400) NOT NULL,
    secret_ref   VARCHAR(100) NOT NULL,
    key_hint     VARCHAR(100) NOT NULL,
    is_default   BOOLEAN      NOT NULL,
    settings     MEDIUMTEXT   NOT NULL,
    created_at   DATETIME(6) NOT NULL,
    updated_at   DATETIME(6) NOT NULL,
    version      BIGINT       NOT NULL,
    default_key  TINYINT GENERATED ALWAYS AS (CASE WHEN is_default THEN 1 END) STORED,
    CONSTRAINT ${prefix}connections_pk PRIMARY KEY (workspace, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Names are unique per app case-insensitively; name_key is the lower-cased name.
CREATE UNIQUE INDEX ${prefix}connections_name_uq ON ${prefix}connections (workspace, integration, name_key);

-- At most one default per app, held by the database itself: default_key is NULL for non-default rows and
-- NULLs never collide in a unique index. Also the trigger path's index.
CREATE UNIQUE INDEX ${prefix}connections_default_uq ON ${prefix}connections (workspace, integration, default_key);

CREATE TABLE ${prefix}secrets (
    ref           VARCHAR(100) NOT NULL,
    workspace     VARCHAR(128) NOT NULL,
    connection_id VARCHAR(36)  NOT NULL,
    format        INTEGER      NOT NULL,
    key_id        VARCHAR(64)  NOT NULL,
    sealed        MEDIUMBLOB   NOT NULL,
    CONSTRAINT ${prefix}secrets_pk PRIMARY KEY (ref)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX ${prefix}secrets_workspace_ix ON ${prefix}secrets (workspace, ref);
CREATE INDEX ${prefix}secrets_key_ix ON ${prefix}secrets (key_id);

CREATE TABLE ${prefix}custom_apps (
    workspace   VARCHAR(128) NOT NULL,
    id          VARCHAR(63)  NOT NULL,
    definition  MEDIUMTEXT   NOT NULL,
    created_at  DATETIME(6) NOT NULL,
    CONSTRAINT ${prefix}custom_apps_pk PRIMARY KEY (workspace, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per (workspace, app), locked FOR UPDATE to serialise writes to one app.
CREATE TABLE ${prefix}app_locks (
    workspace   VARCHAR(128) NOT NULL,
    integration VARCHAR(63)  NOT NULL,
    CONSTRAINT ${prefix}app_locks_pk PRIMARY KEY (workspace, integration)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ${prefix}key_usage (
    key_id       VARCHAR(64) NOT NULL,
    encryptions  BIGINT      NOT NULL,
    CONSTRAINT ${prefix}key_usage_pk PRIMARY KEY (key_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per committed write, for polling change feeds.
CREATE TABLE ${prefix}change_log (
    seq         BIGINT       NOT NULL AUTO_INCREMENT,
    workspace   VARCHAR(128) NOT NULL,
    integration VARCHAR(63)  NOT NULL,
    changed_at  DATETIME(6) NOT NULL,
    CONSTRAINT ${prefix}change_log_pk PRIMARY KEY (seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
