#!/usr/bin/env bash
# Prints a new master keyset for TIJORI_KEYS_KEYSET (Tink JSON, one AES-256-GCM key) on one line, with the Tink
# that Tijori itself uses; Tink's own tinkey does the same (tinkey create-keyset --key-template AES256_GCM).
# The keyset opens every stored document: put it straight into a secret store, never in a file under version control.
#   deploy/make-keyset.sh > keyset.json   (then: chmod 600 keyset.json)
set -euo pipefail
cd "$(dirname "$0")/.."
classpath=$(mktemp)
trap 'rm -f "$classpath"' EXIT
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$classpath" >&2
java -cp "$(cat "$classpath")" deploy/MakeKeyset.java
