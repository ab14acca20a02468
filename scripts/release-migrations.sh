#!/usr/bin/env bash
# Records every migration file not yet listed in src/LybuntCrm.Web/Data/Migrations/released.sha256 with its SHA-256
# (line endings as LF), so that MigrationHistoryTests fails if a recorded migration is ever edited or regenerated.
# Run it once after adding a migration for both providers:   bash scripts/release-migrations.sh
set -euo pipefail
cd "$(dirname "$0")/../src/LybuntCrm.Web/Data/Migrations"
list=released.sha256
touch "$list"
for file in Sqlite/*.cs Postgres/*.cs; do
  case "$file" in *ModelSnapshot.cs) continue ;; esac
  grep -q "  $file\$" "$list" && continue
  echo "$(sed 's/\r$//' "$file" | sha256sum | cut -d' ' -f1)  $file" >> "$list"
  echo "recorded $file"
done
