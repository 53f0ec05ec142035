#!/usr/bin/env bash
# CI: builds the dashboard's Docker image (examples/docker/Dockerfile) and checks that a container of it answers a
# question with the tiny model in ../shared/models over the dashboard's HTTP API; validates docker-compose.yml.
# Needs no Docker Hub: the base images are made here from Debian's archive (debootstrap) and kept, so a second run
# reuses them and the image's Maven dependency layer. Every wait is bounded; the container is removed on exit.
# Settings: NL2SQL_DOCKER_MODELS (folder with stories260K.gguf, default ../shared/models), DEBIAN_MIRROR,
# APT_LOCK_WAIT (seconds, default 600).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

models=${NL2SQL_DOCKER_MODELS:-$(cd .. && pwd)/shared/models}
model_file=stories260K.gguf
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
# Debian's client, by path: its BuildKit is built in, and another docker earlier on the PATH may lack buildx.
docker=/usr/bin/docker
base_image=nl2sql-ci/debian:$suite
build_image=nl2sql-ci/build:$suite
runtime_image=nl2sql-ci/runtime:$suite
image=nl2sql-dashboard:ci
container=nl2sql-dashboard-ci
question="How many customers are there?"
export DOCKER_BUILDKIT=1

start=$SECONDS
step() { echo "== [$((SECONDS - start))s] $*"; }
fail() { echo "docker-test FAILED: $*" >&2; exit 1; }

work="$(mktemp -d /var/tmp/nl2sql-docker-test.XXXXXX)"
cleanup() {
  local status=$?
  if [ -x "$docker" ] && "$docker" container inspect "$container" >/dev/null 2>&1; then
    if [ "$status" -ne 0 ]; then
      echo "-- last lines of the container's log:" >&2
      timeout 30 "$docker" logs --tail 60 "$container" >&2 2>&1 || true
    fi
    echo "removing container $container"
    timeout 60 "$docker" rm -f "$container" >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

[ -f "$models/$model_file" ] || fail "no $models/$model_file (set NL2SQL_DOCKER_MODELS to the folder that has it)"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

# --- Debian packages: docker.io (engine and client), debootstrap, docker-compose, jq (the test's JSON).
# apt-get waits for dpkg's locks through DPkg::Lock::Timeout; apt-get update takes /var/lib/apt/lists/lock, which that
# option does not cover (apt 2.6), so a lock failure is retried until the deadline (as .ci/browser.sh does).
lock_wait="${APT_LOCK_WAIT:-600}"
apt_get() {
  local deadline=$((SECONDS + lock_wait))
  while :; do
    if $sudo env DEBIAN_FRONTEND=noninteractive timeout 1200 apt-get -o "DPkg::Lock::Timeout=$lock_wait" "$@" \
        2>&1 | tee "$work/apt.log"; then
      return 0
    fi
    if ! grep -qE 'Could not get lock|Unable to lock|Unable to acquire the dpkg frontend lock' "$work/apt.log"; then
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "gave up after ${lock_wait}s waiting for the apt lock" >&2
      return 1
    fi
    echo "another apt holds the lock; waiting"
    sleep 5
  done
}
missing=()
[ -x /usr/sbin/dockerd ] && [ -x "$docker" ] || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v jq >/dev/null 2>&1 || missing+=(jq)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ "${#missing[@]}" -gt 0 ]; then
  step "installing ${missing[*]}"
  apt_get update -q || fail "apt-get update failed"
  apt_get install -y -q --no-install-recommends "${missing[@]}" || fail "could not install ${missing[*]}"
else
  step "docker.io, debootstrap, docker-compose, jq and curl are installed"
fi

# --- The engine: no systemd on these machines, so dockerd is started directly when none answers, and left running
# (its images are the cache of the next run).
if ! timeout 20 $sudo "$docker" info >/dev/null 2>&1; then
  step "starting dockerd (log: /var/log/nl2sql-dockerd.log)"
  $sudo setsid /usr/sbin/dockerd >/var/log/nl2sql-dockerd.log 2>&1 </dev/null &
  for _ in $(seq 1 60); do
    if timeout 10 $sudo "$docker" info >/dev/null 2>&1; then break; fi
    sleep 1
  done
  timeout 10 $sudo "$docker" info >/dev/null 2>&1 \
    || { tail -n 30 /var/log/nl2sql-dockerd.log >&2 || true; fail "dockerd did not answer within 60 s"; }
fi
docker() { timeout "$1" $sudo "$docker" "${@:2}"; } # docker SECONDS ARGS...: every call bounded
step "docker engine $(docker 20 version --format '{{.Server.Version}}')"

# --- Base images from Debian's archive, as a machine without Docker Hub must build them.
if docker 20 image inspect "$base_image" >/dev/null 2>&1; then
  step "reusing $base_image"
else
  step "debootstrap $suite (minbase) from $mirror, imported as $base_image"
  rootfs="$work/rootfs"
  $sudo timeout 1200 debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log" >&2; fail "debootstrap failed"; }
  # Updates and security fixes too (openjdk-17 is updated through bookworm-security).
  printf '%s\n' "deb $mirror $suite main" "deb $mirror $suite-updates main" \
    "deb http://deb.debian.org/debian-security $suite-security main" | $sudo tee "$rootfs/etc/apt/sources.list" >/dev/null
  $sudo rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  $sudo tar -C "$rootfs" -c . | docker 600 import - "$base_image" >/dev/null || fail "docker import failed"
  $sudo rm -rf "$rootfs"
fi

# The build base carries the host's extra CA certificates, if any: behind a TLS-inspecting proxy Maven reaches
# Maven Central (and Ant registry.npmjs.org) only with them. Certificates are public, no secret. Docker's cache
# rebuilds these layers only when this text or the certificates change.
mkdir -p "$work/build-base/ca-certificates" "$work/runtime-base"
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$work/build-base/ca-certificates/"
  echo "adding the host's extra CA certificates to $build_image: $(cd /usr/local/share/ca-certificates && echo *.crt)"
fi
cat >"$work/build-base/Dockerfile" <<EOF
FROM $base_image
COPY ca-certificates/ /usr/local/share/ca-certificates/
RUN apt-get update \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates openjdk-17-jdk-headless maven \\
 && update-ca-certificates \\
 && rm -rf /var/lib/apt/lists/*
EOF
cat >"$work/runtime-base/Dockerfile" <<EOF
FROM $base_image
RUN apt-get update \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless libgomp1 \\
 && rm -rf /var/lib/apt/lists/*
EOF
step "building $build_image (openjdk-17-jdk-headless, maven) and $runtime_image (openjdk-17-jre-headless, libgomp1)"
for base in build runtime; do
  tag="nl2sql-ci/$base:$suite"
  docker 1200 build --network host --progress=plain -t "$tag" "$work/$base-base" >"$work/$base-base.log" 2>&1 \
    || { tail -n 40 "$work/$base-base.log" >&2; fail "could not build $tag"; }
done

# --- The image itself. The host's network, so that the build sees the host's DNS and proxy setup.
step "building $image from examples/docker/Dockerfile (BuildKit)"
old_id="$(docker 20 image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)"
docker 2400 build --network host --progress=plain -f examples/docker/Dockerfile \
  --build-arg BUILD_IMAGE="$build_image" --build-arg RUNTIME_IMAGE="$runtime_image" -t "$image" "$root" \
  || fail "docker build failed"
new_id="$(docker 20 image inspect -f '{{.Id}}' "$image")"
if [ -n "$old_id" ] && [ "$old_id" != "$new_id" ]; then
  docker 60 rmi "$old_id" >/dev/null 2>&1 || true # the previous run's image, now untagged
fi
docker 60 run --rm --entrypoint sh "$image" -c 'ldconfig -p | grep -q libgomp.so.1' \
  || fail "$image has no libgomp.so.1 (llama.cpp needs it)"

# --- Run it on the bundled sample with the tiny model (README, Dashboard), and ask.
step "starting container $container"
docker 60 rm -f "$container" >/dev/null 2>&1 || true
password="ci-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
docker 60 run -d --name "$container" -p 127.0.0.1::8080 -v "$models:/models:ro" \
  -e NL2SQL_MODEL="/models/$model_file" -e NL2SQL_THREADS=1 -e NL2SQL_CONTEXT_SIZE=2048 \
  -e NL2SQL_SCHEMA_PROMPT_CHARS=900 -e NL2SQL_MAX_TOKENS=512 -e NL2SQL_DASHBOARD_ADMIN_PASSWORD="$password" \
  "$image" >/dev/null || fail "docker run failed"

step "waiting (at most 120 s) for the HEALTHCHECK to say healthy"
health=""
for _ in $(seq 1 120); do
  health="$(docker 20 inspect -f '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$container")"
  case "$health" in
    "running healthy") break ;;
    running*) sleep 1 ;;
    *) fail "the container stopped: $health" ;;
  esac
done
[ "$health" = "running healthy" ] || fail "not healthy within 120 s: $health"
url="http://$(docker 20 port "$container" 8080/tcp | head -n 1)"
echo "dashboard at $url"

# api METHOD PATH [JSON]: prints the body, and the HTTP status in $work/status; the cookie once logged in.
cookie=""
api() {
  local args=(-sS --max-time 30 -o "$work/body" -D "$work/headers" -w '%{http_code}' -X "$1"
    -H 'X-Requested-With: nl2sql-dashboard')
  [ -z "$cookie" ] || args+=(-H "Cookie: $cookie")
  [ $# -lt 3 ] || args+=(-H 'Content-Type: application/json' --data "$3")
  curl "${args[@]}" "$url$2" >"$work/status" || fail "$1 $2: curl failed"
  cat "$work/body"
}
expect() { # STATUS WHAT
  [ "$(cat "$work/status")" = "$1" ] || fail "$2: HTTP $(cat "$work/status") (wanted $1): $(head -c 500 "$work/body")"
}

step "POST /api/login as admin"
api POST /api/login "$(jq -nc --arg p "$password" '{user: "admin", password: $p}')" >/dev/null
expect 200 "login"
cookie="$(tr -d '\r' <"$work/headers" | sed -n 's/^[Ss]et-[Cc]ookie: *\([^;]*\).*/\1/p' | head -n 1)"
[ -n "$cookie" ] || fail "login set no cookie"

step "POST /api/ask: $question"
job="$(api POST /api/ask "$(jq -nc --arg q "$question" '{question: $q}')")"
expect 202 "ask"
id="$(jq -r .id <<<"$job")"

step "polling /api/jobs/$id (at most 180 s)"
state=""
for _ in $(seq 1 180); do
  job="$(api GET "/api/jobs/$id")"
  expect 200 "job status"
  state="$(jq -r .state <<<"$job")"
  case "$state" in
    queued | running) sleep 1 ;;
    *) break ;;
  esac
done
[ "$state" = "done" ] || fail "the question ended $state: $(jq -r '.error // empty' <<<"$job")"
sql="$(jq -r .sql <<<"$job")"
[[ "$sql" == SELECT* ]] || fail "the answer's SQL does not start with SELECT: $sql"
[ "$(jq '.columns | length' <<<"$job")" -gt 0 ] || fail "the answer has no columns: $job"
rows="$(api GET "/api/jobs/$id/rows?limit=3")"
expect 200 "rows"
echo "SQL: $sql"
echo "columns: $(jq -c .columns <<<"$job")"
echo "rows (first 3 of $(jq .rowCount <<<"$rows")): $(jq -c .rows <<<"$rows")"
echo "answered in $(jq .elapsedMs <<<"$job") ms"

# --- The compose file: syntax and references (dummy values for the variables it requires; nothing is started).
step "validating examples/docker/docker-compose.yml"
compose=(docker-compose)
if timeout 20 $sudo "$docker" compose version >/dev/null 2>&1; then compose=("$docker" compose); fi
(cd examples/docker && POSTGRES_PASSWORD=ci-dummy NL_READER_PASSWORD=ci-dummy NL2SQL_MODEL_FILE=ci-dummy.gguf \
  timeout 60 $sudo "${compose[@]}" -f docker-compose.yml config -q) || fail "docker-compose config refused the file"

step "passed: $image answered a question in a container (images kept for the next run)"
