# The service's image: the same image runs the API (`serve`, the default) or a solve worker
# (`worker`): docker run territory worker. Configured by the environment (docs/api.md,
# docs/operations.md). Not built on the development machines (no Docker engine there): see README.

# --- build: the README's install (npm ci), the planner's page, then the dev dependencies dropped ---
FROM node:20-bookworm-slim AS build
# better-sqlite3 builds from source when no prebuilt binary fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build:web && npm prune --omit=dev

# --- runtime: node_modules without dev dependencies, the sources (tsx runs them), the built page ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/app/var \
    PORT=3000
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/src ./src
COPY --from=build /app/solver ./solver
COPY --from=build /app/data ./data
COPY --from=build /app/dist ./dist
COPY --from=build /app/tsconfig.json ./
# Non-root: the image's own `node` user owns only DATA_DIR (the SQLite file, staged bodies, the
# generated webhook secret; with DATABASE_URL only staged bodies pass through it).
RUN mkdir -p /app/var && chown node:node /app/var
USER node
EXPOSE 3000
# Liveness on /health: the API's on PORT, a worker's on METRICS_PORT (set it for workers; compose.yaml does).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.METRICS_PORT || process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "bin/territory.js"]
CMD ["serve"]
