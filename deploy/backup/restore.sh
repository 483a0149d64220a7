#!/usr/bin/env bash
# Restores a backup made by backup.sh into an empty PostgreSQL database and an empty object store. Tijori must not
# run on them yet; start it afterwards with the master keyset it had when the backup was taken (or a later keyset
# that still holds that one's keys).
#
#   deploy/backup/restore.sh BACKUP_DIR
#
# The database, as libpq's variables give it: PGHOST, PGPORT, PGUSER, PGPASSWORD (or ~/.pgpass), PGDATABASE. It must
# exist and be empty (createdb -O tijori tijori); what is restored is owned by PGUSER (pg_restore --no-owner), so
# connect as the user Tijori will use. A Tijori that used the embedded database is restored into such a PostgreSQL
# too, and then runs on it (SPRING_DATASOURCE_URL): docs/production.md, "Backup and restore".
# The objects: TIJORI_DATA_DIR/blobs, which must hold no objects yet; or, with TIJORI_STORAGE_TYPE=s3, the bucket
# TIJORI_STORAGE_S3_BUCKET (at TIJORI_STORAGE_S3_ENDPOINT when set), which must exist and be empty.
# PG_BIN: the folder of pg_restore and psql, when those on the PATH are not the ones to use.
set -euo pipefail

if [ $# -ne 1 ]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
backup=$1
bin=${PG_BIN:+${PG_BIN%/}/}
: "${PGDATABASE:?set PGDATABASE (and PGHOST, PGPORT, PGUSER): the empty database to restore into}"

[ -f "$backup/tijori.dump" ] && [ -f "$backup/MANIFEST" ] || { echo "$backup holds no backup" >&2; exit 1; }
(cd "$backup" && grep -E '^[0-9a-f]{64}  tijori.dump$' MANIFEST | sha256sum --check --quiet) \
  || { echo "$backup/tijori.dump does not match its MANIFEST" >&2; exit 1; }

storage=${TIJORI_STORAGE_TYPE:-filesystem}
if [ "$storage" = s3 ]; then
  : "${TIJORI_STORAGE_S3_BUCKET:?set TIJORI_STORAGE_S3_BUCKET}"
  command -v aws >/dev/null || { echo "the AWS CLI (aws) is needed to fill the bucket" >&2; exit 1; }
  [ -d "$backup/objects" ] || { echo "$backup holds no S3 objects (it was taken from a file system store)" >&2; exit 1; }
  endpoint=(${TIJORI_STORAGE_S3_ENDPOINT:+--endpoint-url "$TIJORI_STORAGE_S3_ENDPOINT"})
  if [ -n "$(aws s3 ls "s3://$TIJORI_STORAGE_S3_BUCKET" "${endpoint[@]}" | head -n 1)" ]; then
    echo "the bucket $TIJORI_STORAGE_S3_BUCKET is not empty" >&2
    exit 1
  fi
else
  : "${TIJORI_DATA_DIR:?set TIJORI_DATA_DIR: the objects go to its blobs/ folder}"
  [ -d "$backup/blobs" ] || { echo "$backup holds no blobs folder (it was taken from an S3 store)" >&2; exit 1; }
  blobs=$TIJORI_DATA_DIR/blobs
  if [ -d "$blobs" ] && [ -n "$(find "$blobs" -path "$blobs/tmp" -prune -o -type f -print | head -n 1)" ]; then
    echo "$blobs already holds objects" >&2
    exit 1
  fi
fi

relations=$("${bin}psql" -X -A -t -v ON_ERROR_STOP=1 -c "select count(*) from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
  and n.nspname not like 'pg_temp%'")
if [ "$relations" != 0 ]; then
  echo "the database $PGDATABASE is not empty ($relations tables, sequences and indexes)" >&2
  exit 1
fi

echo "restoring the database into $PGDATABASE" >&2
"${bin}pg_restore" --no-owner --no-acl --exit-on-error --single-transaction --dbname="$PGDATABASE" \
  "$backup/tijori.dump"

echo "restoring the objects" >&2
if [ "$storage" = s3 ]; then
  aws s3 sync "$backup/objects" "s3://$TIJORI_STORAGE_S3_BUCKET" --only-show-errors "${endpoint[@]}"
else
  mkdir -p "$blobs"
  cp -a "$backup/blobs/." "$blobs/"
fi

blobs_named=$("${bin}psql" -X -A -t -v ON_ERROR_STOP=1 -c "select count(*) from storage_blob")
echo "restored: the database ($blobs_named blobs) and the objects; start Tijori with the same keyset" >&2
