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

# Base images are named by tag: no registry was reachable to read their digests from, so none
# is written here; pin them (FROM image:tag@sha256:...) where the digest can be checked.

# --- build: compile the workspace, drop the dev dependencies, assemble the runtime tree in /out ---
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json tsconfig.base.json ./
COPY packages ./packages
RUN npm ci --no-audit --no-fund --ignore-scripts \
 && npx tsc -b packages/cli \
 && npm prune --omit=dev --no-audit --no-fund --ignore-scripts \
 && node packages/cli/dist/bin.js --version
# Only what runs: package manifests, build output and production dependencies of the three
# published packages. Sources, tests and the private packages (test harness, lab) never reach a
# layer of the image, so no later layer has to delete them.
RUN mkdir -p /out/app/packages /out/state \
 && cp package.json /out/app/ \
 && cp -R node_modules /out/app/ \
 && rm -rf /out/app/node_modules/@ovnkit/testkit /out/app/node_modules/@ovnkit/lab \
 && for p in ovsdb egressip-controller cli; do \
      mkdir -p /out/app/packages/$p \
      && cp -R packages/$p/package.json packages/$p/dist /out/app/packages/$p/ \
      && if [ -d packages/$p/node_modules ]; then cp -R packages/$p/node_modules /out/app/packages/$p/; fi; \
    done \
 && find /out/app/packages -name '*.test.js*' -delete \
 && find /out/app/packages -name '*.tsbuildinfo' -delete

# --- controller: the runtime tree on Node, without a package manager ---
FROM node:20-bookworm-slim AS controller
# Nothing is installed at run time: npm, npx, corepack and yarn leave the image's file system.
RUN rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
      /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-*
COPY --from=build /out/app /app
COPY --from=build --chown=node:node /out/state /var/lib/ovnkit
WORKDIR /app
ENV NODE_ENV=production
USER node
ENTRYPOINT ["node", "/app/packages/cli/dist/bin.js"]
CMD ["--help"]
