# Everyst server image: `docker build -t everyst .` then see docs/install.md (container).
# The npm steps are in exec form (no shell) so that test/foundation/packaging.test.ts replays exactly them.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: every dependency, the compiled server (dist/) and the dashboard (web/dist/) ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The sources come before `npm ci`, so that an install-time build (a `prepare` script) finds them.
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY scripts ./scripts
COPY src ./src
COPY web ./web
RUN ["npm", "ci", "--no-audit", "--no-fund"]
RUN ["npm", "run", "build"]
# The runtime keeps production dependencies only (tsx stays: it is one).
RUN ["npm", "prune", "--omit=dev", "--no-audit", "--no-fund"]

# ---- runtime: Node.js, the OS tools the scanner and the network tools run, a non-root user ----
FROM ${NODE_IMAGE} AS runtime
# File capabilities instead of root: raw sockets for nmap (SYN scan, OS detection), arp-scan, fping and tcpdump.
# ping ships with its own (iputils-ping). Only CAP_NET_RAW, which Docker's default set holds: a program whose file
# capabilities are outside the container's bounding set cannot be executed at all (EPERM).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      nmap fping arp-scan iputils-ping traceroute bind9-dnsutils whois tcpdump iproute2 openssl net-tools \
      libcap2-bin ca-certificates \
 && setcap cap_net_raw+eip /usr/bin/nmap \
 && setcap cap_net_raw+eip /usr/sbin/arp-scan \
 && setcap cap_net_raw+ep /usr/bin/fping \
 && setcap cap_net_raw+eip /usr/bin/tcpdump \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system everyst \
 && useradd --system --gid everyst --home-dir /data --no-create-home --shell /usr/sbin/nologin everyst \
 && mkdir -p /data \
 && chown everyst:everyst /data

WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/src/auth/common-passwords.txt ./src/auth/common-passwords.txt
COPY --from=build /app/scripts/healthcheck.mjs ./scripts/healthcheck.mjs

# SQLite database, secret_key and uploads live in the volume; point DATABASE_URL at PostgreSQL to use it instead.
ENV EVERYST_DATA_DIR=/data \
    API_HOST=:: \
    API_PORT=8000 \
    MALLOC_ARENA_MAX=2
VOLUME ["/data"]
EXPOSE 8000
USER everyst
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "scripts/healthcheck.mjs"]
STOPSIGNAL SIGTERM
CMD ["node", "bin/everyst.js", "serve"]
