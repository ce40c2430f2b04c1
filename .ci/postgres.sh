# Starts the Debian PostgreSQL cluster and exports COLLABSCREEN_TEST_POSTGRES for the storage tests.
# Usage (as root, after `apt-get install postgresql`): source .ci/postgres.sh && start_postgres
# Idempotent: a running cluster, an existing role or database are reused.
start_postgres() {
  local ver out
  # The newest version whose server is installed (a client-only version has no bin/postgres).
  ver=$(for d in /usr/lib/postgresql/*/bin/postgres; do [[ -x "$d" ]] && basename "$(dirname "$(dirname "$d")")"; done | sort -n | tail -1)
  if [[ -z "$ver" ]]; then echo "ci: PostgreSQL is not installed (apt-get install postgresql)" >&2; return 1; fi
  # The package creates the cluster when it can; a minimal image (no locale, policy-rc.d) may not have one.
  if ! pg_lsclusters -h 2>/dev/null | awk -v v="$ver" '$1 == v && $2 == "main"' | grep -q .; then
    pg_createcluster "$ver" main >/dev/null || { echo "ci: pg_createcluster $ver main failed" >&2; return 1; }
  fi
  if ! pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
    out=$(pg_ctlcluster "$ver" main start 2>&1) || echo "ci: pg_ctlcluster $ver main start: $out" >&2
  fi
  local ready=""
  for _ in $(seq 1 30); do
    if pg_isready -q -h localhost; then ready=1; break; fi
    sleep 1
  done
  if [[ -z "$ready" ]]; then
    echo "ci: PostgreSQL $ver did not accept connections on localhost within 30 s; its log:" >&2
    tail -20 "/var/log/postgresql/postgresql-$ver-main.log" >&2 2>/dev/null
    return 1
  fi
  su postgres -c "psql -q -v ON_ERROR_STOP=1 -c \"DO \\\$\\\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='collabscreen') THEN CREATE ROLE collabscreen LOGIN PASSWORD 'collabscreen' CREATEDB; END IF; END\\\$\\\$;\"" \
    || { echo "ci: could not create the collabscreen role" >&2; return 1; }
  su postgres -c "psql -q -tc \"SELECT 1 FROM pg_database WHERE datname='collabscreen_test'\" | grep -q 1 || createdb -O collabscreen collabscreen_test" \
    || { echo "ci: could not create the collabscreen_test database" >&2; return 1; }
  # The storage tests each create (and drop) their own schema in this database.
  export COLLABSCREEN_TEST_POSTGRES="Host=localhost;Username=collabscreen;Password=collabscreen;Database=collabscreen_test"
  echo "ci: PostgreSQL $ver ready; COLLABSCREEN_TEST_POSTGRES set"
}
