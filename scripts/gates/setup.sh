#!/usr/bin/env bash
# `npm run setup`: the machine packages `npm test` needs beyond `npm install`, installed only when missing:
#   chromium        the real-browser component check (gate `browser`, through playwright-core; no browser download)
#   xmllint         the Metadata API schema check (gate `metadata`, ../shared/tools/check-metadata)
#   java 17         apex-ls (gate `apex-semantics`) and PMD (gate `pmd`)
# Debian/Ubuntu (apt-get); elsewhere it prints what to install. Safe to run again: it changes nothing when all are there.
set -euo pipefail

need=()
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium_path" ]; then need+=(chromium); fi
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
if ! command -v java >/dev/null 2>&1 || ! java -version 2>&1 | grep -qE 'version "(1[7-9]|2[0-9])'; then
    need+=(openjdk-17-jre-headless)
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
    echo "setup: Node $node_major found; the project needs Node 20 or later (https://nodejs.org)" >&2
    exit 1
fi

if [ ${#need[@]} -eq 0 ]; then
    echo "setup: chromium ($chromium_path), xmllint and java are present: nothing to install"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: missing ${need[*]}; install them with your package manager (or set CHROMIUM_PATH to a Chromium binary)" >&2
    exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
        echo "setup: missing ${need[*]}; run as root: apt-get update && apt-get install -y ${need[*]}" >&2
        exit 1
    fi
fi
echo "setup: installing ${need[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
echo "setup: installed ${need[*]}"
