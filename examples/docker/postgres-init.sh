#!/bin/sh
# Runs once, when the PostgreSQL container creates its database: loads the bundled sample shop (written for H2; its
# MERGE ... KEY (id) lines become plain INSERTs) and creates nl_reader, the SELECT-only account the dashboard uses
# (README, Security).
set -eu
sed -E 's/^MERGE INTO (.*) KEY \(.*\) VALUES/INSERT INTO \1 VALUES/' /sample/shop.sql \
  | psql -v ON_ERROR_STOP=1 -q -U "$POSTGRES_USER" -d "$POSTGRES_DB"
psql -v ON_ERROR_STOP=1 -q -U "$POSTGRES_USER" -d "$POSTGRES_DB" \
  -v db="$POSTGRES_DB" -v pw="$NL_READER_PASSWORD" <<'SQL'
CREATE ROLE nl_reader LOGIN PASSWORD :'pw';
GRANT CONNECT ON DATABASE :"db" TO nl_reader;
GRANT USAGE ON SCHEMA public TO nl_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO nl_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO nl_reader;
REVOKE TEMPORARY ON DATABASE :"db" FROM PUBLIC;
SQL
