#!/usr/bin/env bash
# Runs once, when the postgres container initialises an empty data directory: the roles of
# docs/security/database.md. review_owner owns the database and schema (Flyway migrates as it);
# review_app is the service's role and owns nothing (afterMigrate.sql grants it its rights).
# Passwords come from the environment and reach the server only as SCRAM verifiers.
set -euo pipefail
: "${REVIEW_OWNER_PASSWORD:?}" "${REVIEW_APP_PASSWORD:?}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
     -v owner_pw="$REVIEW_OWNER_PASSWORD" -v app_pw="$REVIEW_APP_PASSWORD" <<'SQL'
SET password_encryption = 'scram-sha-256';
CREATE ROLE review_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD :'owner_pw';
CREATE ROLE review_app   LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT PASSWORD :'app_pw';
CREATE DATABASE review OWNER review_owner ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE review FROM PUBLIC;
GRANT CONNECT ON DATABASE review TO review_owner, review_app;
\c review
ALTER SCHEMA public OWNER TO review_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO review_app;
SQL
