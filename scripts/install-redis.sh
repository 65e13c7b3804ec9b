#!/usr/bin/env bash
# The pyxis-gql/bullmq tests start real redis-servers of their own (test/helpers/redis.ts, one per test file, on a
# free loopback port): installs Debian's redis-server when it is not on PATH. Run by `npm test` (pretest) and
# .ci/run, so that the README's test command does all the set-up on a fresh Debian machine.
set -euo pipefail
command -v redis-server >/dev/null 2>&1 && exit 0
echo "redis-server is not installed: installing Debian's package redis-server (the BullMQ tests need it)" >&2
sudo_=""
if [ "$(id -u)" -ne 0 ]; then sudo_="sudo"; fi
$sudo_ apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq redis-server
