# One image for every service of the stack; docker-compose.yml picks the command.
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
ENV TURBO_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
COPY . .
RUN npm ci --no-audit --no-fund && npm run build

FROM node:20.20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 APOLLO_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
COPY --from=build /app /app
USER node
CMD ["node", "gateway/dist/main.js"]
