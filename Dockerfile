# syntax=docker/dockerfile:1
# Two stages: the build stage compiles TypeScript with every dependency; the runtime stage holds only
# the production dependencies and dist/, and runs as the unprivileged `node` user.
ARG NODE_VERSION=22
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY public ./public
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node itself is PID 1 (no npm or shell in between), so SIGTERM reaches the server's graceful
# shutdown; run it with `docker run --init` (compose.yaml: `init: true`) to also reap zombies.
# The heap cap is the one of `npm start` and the Procfile (docs/performance.md).
CMD ["node", "--max-old-space-size=96", "dist/server.js"]
