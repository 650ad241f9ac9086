-- Connections schema, version 2, MariaDB / MySQL: each connection's status (last key check, last use).
-- Usable as it is by Flyway (placeholder ${prefix}) or applied by JdbcSchema.migrate(); adds a table and
-- touches no existing row. Kept apart from the connection rows on purpose: status writes take no app lock,
-- bump no version and never race an edit. A row may outlive its connection briefly; the library deletes it
-- after the connection's deletion.

CREATE TABLE ${prefix}connection_status (
    workspace           VARCHAR(128) NOT NULL,
    connection_id       VARCHAR(36)  NOT NULL,
    verified_at         DATETIME(6),
    verification        VARCHAR(16),
    verification_reason VARCHAR(500),
    verification_http   INTEGER,
    last_used_at        DATETIME(6),
    CONSTRAINT ${prefix}connection_status_pk PRIMARY KEY (workspace, connection_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
