# Starts the Debian PostgreSQL cluster and exports COLLABSCREEN_TEST_POSTGRES for the storage tests.
start_postgres() {
  local ver
  ver=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
  if [[ -z "$ver" ]]; then echo "ci: PostgreSQL is not installed" >&2; return 1; fi
  if ! pg_lsclusters -h 2>/dev/null | grep -q .; then pg_createcluster "$ver" main >/dev/null; fi
  pg_ctlcluster "$ver" main start 2>/dev/null || true
  for _ in $(seq 1 30); do pg_isready -q -h localhost && break; sleep 1; done
  su postgres -c "psql -q -c \"DO \\\$\\\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='collabscreen') THEN CREATE ROLE collabscreen LOGIN PASSWORD 'collabscreen' CREATEDB; END IF; END\\\$\\\$;\""
  su postgres -c "psql -q -tc \"SELECT 1 FROM pg_database WHERE datname='collabscreen_test'\" | grep -q 1 || createdb -O collabscreen collabscreen_test"
  export COLLABSCREEN_TEST_POSTGRES="Host=localhost;Username=collabscreen;Password=collabscreen;Database=collabscreen_test"
}
