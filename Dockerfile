# syntax=docker/dockerfile:1
# Two images from one file (see docker-compose.yml):
#   docker build --target controller -t ovnkit:latest .        the ovnkit CLI / EgressIP controller (default)
#   docker build --target ovn-central -t ovnkit/ovn-central .  Debian 12's OVN 23.03 for NB, SB and ovn-northd

# --- OVN central: ovsdb-server (openvswitch-common), ovn-ctl (ovn-common), ovn-northd (ovn-central) ---
FROM debian:bookworm-slim AS ovn-central
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openvswitch-common ovn-common ovn-central \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/run/ovn /var/lib/ovn /var/log/ovn
EXPOSE 6641 6642

# --- build: compile the workspace, then drop the dev dependencies ---
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json tsconfig.base.json ./
COPY packages ./packages
RUN npm ci --no-audit --no-fund --ignore-scripts \
 && npx tsc -b packages/cli \
 && npm prune --omit=dev --no-audit --no-fund --ignore-scripts

# --- controller: only the built packages the CLI needs and their runtime dependencies ---
FROM node:20-bookworm-slim AS controller
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/packages ./packages
# Sources, tests and the private packages (test harness, lab) are not part of the image.
RUN rm -rf packages/*/src packages/*/test packages/*/tsconfig*.json packages/testkit packages/lab \
 && node packages/cli/dist/bin.js --version
RUN mkdir -p /var/lib/ovnkit && chown node:node /var/lib/ovnkit
USER node
ENTRYPOINT ["node", "/app/packages/cli/dist/bin.js"]
CMD ["--help"]
