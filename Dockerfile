# health-score in a container, for scheduled unattended syncs (docs/operations.md, docs/recipes/).
# Configured by environment only: OAuth 2.0 JWT bearer with SF_CLIENT_ID, SF_USERNAME, SF_LOGIN_URL and the
# private key mounted read-only at SF_JWT_KEY_FILE (or SF_ACCESS_TOKEN + SF_INSTANCE_URL). Exit codes: docs/sync.md.
#
#   docker build -t health-score .
#   docker run --rm -e SF_CLIENT_ID -e SF_USERNAME -e SF_LOGIN_URL=https://login.salesforce.com \
#     -v "$PWD/jwt.key:/run/secrets/jwt.key:ro" health-score sync --quiet
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    SF_JWT_KEY_FILE=/run/secrets/jwt.key \
    SF_LOGIN_URL=https://login.salesforce.com \
    SF_DISABLE_AUTOUPDATE=true \
    SF_DISABLE_TELEMETRY=true

WORKDIR /app
COPY package.json package-lock.json ./
# Runtime dependencies only (tsx runs the TypeScript sources; jsforce, @salesforce/core, csv-*).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY bin ./bin
COPY scripts ./scripts
COPY tsconfig.json ./

# Never root: the official image's unprivileged "node" user (uid 1000) owns only its home, where the
# failed-rows files go (reports/).
USER node
WORKDIR /home/node

ENTRYPOINT ["node", "/app/bin/health-score.js"]
CMD ["sync", "--quiet"]
