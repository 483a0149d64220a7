#!/usr/bin/env bash
# Backs up a running Tijori consistently: its PostgreSQL database (pg_dump, custom format, one snapshot) and then
# its document objects (the data directory's blobs/, or the S3 bucket), so that every object a dumped row names is
# in the copy. The master keyset is NOT part of it: keep that apart (docs/production.md, "Backup and restore").
#
#   deploy/backup/backup.sh BACKUP_DIR        (BACKUP_DIR must not exist yet, or be empty)
#
# The database, as libpq's variables give it: PGHOST, PGPORT, PGUSER, PGPASSWORD (or ~/.pgpass), PGDATABASE. For
# Tijori's embedded database set only TIJORI_DATA_DIR: the server's port is then read from
# TIJORI_DATA_DIR/pg/postmaster.pid (user postgres, database tijori); it is PostgreSQL 17, so its pg_dump must be 17
# or later (PG_BIN=/usr/lib/postgresql/17/bin, from the postgresql-client-17 package).
# The objects: TIJORI_DATA_DIR/blobs; or, with TIJORI_STORAGE_TYPE=s3, the bucket TIJORI_STORAGE_S3_BUCKET (at
# TIJORI_STORAGE_S3_ENDPOINT when set), copied with the AWS CLI (aws s3 sync; credentials as the CLI reads them).
# PG_BIN: the folder of pg_dump, pg_restore and psql, when those on the PATH are not the ones to use.
#
# Consistency: objects are written before their rows commit and never changed, so each row of the snapshot names
# an object that exists when the copy starts. Deleted documents' objects would not wait for the copy, so the script
# holds Tijori's backup lock (a PostgreSQL advisory lock) from before the snapshot until the copy ends: meanwhile
# Tijori keeps the objects of deleted documents, and its orphan collector removes them after the backup.
set -euo pipefail

if [ $# -ne 1 ]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
dest=$1
bin=${PG_BIN:+${PG_BIN%/}/}

if [ -z "${PGHOST:-}" ] && [ -n "${TIJORI_DATA_DIR:-}" ] && [ -f "$TIJORI_DATA_DIR/pg/postmaster.pid" ]; then
  export PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE=tijori
  PGPORT=$(sed -n 4p "$TIJORI_DATA_DIR/pg/postmaster.pid")
  export PGPORT
  echo "embedded database of $TIJORI_DATA_DIR: 127.0.0.1:$PGPORT" >&2
fi
: "${PGDATABASE:?set PGDATABASE (and PGHOST, PGPORT, PGUSER), or TIJORI_DATA_DIR for the embedded database}"

storage=${TIJORI_STORAGE_TYPE:-filesystem}
if [ "$storage" = s3 ]; then
  : "${TIJORI_STORAGE_S3_BUCKET:?set TIJORI_STORAGE_S3_BUCKET}"
  command -v aws >/dev/null || { echo "the AWS CLI (aws) is needed to copy the bucket" >&2; exit 1; }
else
  : "${TIJORI_DATA_DIR:?set TIJORI_DATA_DIR: its blobs/ folder holds the objects}"
  blobs=$TIJORI_DATA_DIR/blobs
  [ -d "$blobs" ] || { echo "no blobs folder in $TIJORI_DATA_DIR" >&2; exit 1; }
fi

if [ -e "$dest" ] && [ -n "$(ls -A "$dest")" ]; then
  echo "$dest is not empty" >&2
  exit 1
fi
mkdir -p "$dest"
chmod 700 "$dest"

# A session of its own holds the backup lock until the objects are copied; it ends with this script at the latest.
coproc LOCKER { "${bin}psql" -X -q -A -t -v ON_ERROR_STOP=1 2>&1; }
locker_pid=$LOCKER_PID
trap 'kill "$locker_pid" 2>/dev/null || true' EXIT
echo "select 'held' from (select pg_advisory_lock(7420020020)) as backup_lock;" >&"${LOCKER[1]}"
if ! read -r -t 600 held <&"${LOCKER[0]}" || [ "$held" != held ]; then
  echo "could not take Tijori's backup lock: ${held:-no answer in 10 minutes}" >&2
  exit 1
fi
echo "backup lock held; dumping the database" >&2

"${bin}pg_dump" --format=custom --compress=6 --file="$dest/tijori.dump"

echo "copying the objects" >&2
if [ "$storage" = s3 ]; then
  aws s3 sync "s3://$TIJORI_STORAGE_S3_BUCKET" "$dest/objects" --only-show-errors \
    ${TIJORI_STORAGE_S3_ENDPOINT:+--endpoint-url "$TIJORI_STORAGE_S3_ENDPOINT"}
else
  mkdir -p "$dest/blobs"
  # Objects live in two levels of folders named by hex pairs; tmp/ holds uploads in progress and is left out.
  for folder in "$blobs"/[0-9a-f][0-9a-f]; do
    if [ -d "$folder" ]; then
      cp -a "$folder" "$dest/blobs/"
    fi
  done
fi

exec {LOCKER[1]}>&-
wait "$locker_pid" 2>/dev/null || true
trap - EXIT
echo "backup lock released; checking that every blob the dump names was copied" >&2

object_of() {
  if [ "$storage" = s3 ]; then
    echo "$dest/objects/$1"
  else
    echo "$dest/blobs/${1:0:2}/${1:2:2}/$1"
  fi
}
named=0
missing=0
while read -r id; do
  named=$((named + 1))
  if [ ! -f "$(object_of "$id")" ]; then
    missing=$((missing + 1))
    echo "missing: the object of blob $id" >&2
  fi
done < <("${bin}pg_restore" --data-only --table=storage_blob --file=- "$dest/tijori.dump" \
  | awk '/^COPY .*storage_blob /{copying=1; next} /^\\\.$/{copying=0} copying{print $1}')

{
  echo "taken_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "storage=$storage"
  echo "blobs=$named"
  echo "pg_dump=$("${bin}pg_dump" --version)"
  (cd "$dest" && sha256sum tijori.dump)
} >"$dest/MANIFEST"

if [ "$missing" -gt 0 ]; then
  echo "backup INCOMPLETE: $missing of $named objects missing" >&2
  exit 1
fi
echo "backup complete in $dest: the database and $named objects (the keyset is not in it: keep it apart)" >&2
