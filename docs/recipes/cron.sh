#!/bin/sh
# Nightly health-score sync from plain cron (docs/operations.md "Schedule: cron"). Crontab line (crontab -e):
#   17 2 * * * /opt/health-score/docs/recipes/cron.sh >> /var/log/health-score/sync.log 2>&1
# Configuration by environment, e.g. in /etc/health-score.env (mode 0600):
#   SF_CLIENT_ID=...  SF_USERNAME=...  SF_LOGIN_URL=https://login.salesforce.com  SF_JWT_KEY_FILE=/etc/health-score/jwt.key
# Retries exit 4 (API budget), 6 (org or transient) and 7 (another run holds the lock) after RETRY_DELAY_SECONDS;
# any other exit code is final (docs/sync.md "Exit codes"). flock keeps two cron runs on this host apart; the
# org's run lock keeps this host apart from every other scheduler.
set -u
ENV_FILE="${HEALTH_SCORE_ENV_FILE:-/etc/health-score.env}"
if [ -r "$ENV_FILE" ]; then
    set -a
    . "$ENV_FILE"
    set +a
fi
HEALTH_SCORE="${HEALTH_SCORE:-/opt/health-score/bin/health-score.js}"
ATTEMPTS="${RETRY_ATTEMPTS:-3}"
DELAY="${RETRY_DELAY_SECONDS:-900}"
LOCK="${HEALTH_SCORE_LOCK_FILE:-/tmp/health-score-sync.lock}"

run() {
    attempt=1
    while :; do
        code=0
        node "$HEALTH_SCORE" sync --quiet "$@" || code=$?
        case "$code" in
            4 | 6 | 7)
                if [ "$attempt" -ge "$ATTEMPTS" ]; then
                    echo "health-score: exit $code after $attempt attempts; giving up" >&2
                    return "$code"
                fi
                echo "health-score: exit $code; retrying in $DELAY s (attempt $attempt of $ATTEMPTS)" >&2
                attempt=$((attempt + 1))
                sleep "$DELAY"
                ;;
            *) return "$code" ;;
        esac
    done
}

if command -v flock >/dev/null 2>&1; then
    exec 9>"$LOCK"
    if ! flock -n 9; then
        echo "health-score: a sync from this host is still running ($LOCK)" >&2
        exit 7
    fi
fi
run "$@"
