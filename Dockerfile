# syntax=docker/dockerfile:1
#
# spice-cloud-mcp: the MCP server for the Spice.ai Cloud Management API, as a container.
#
#   docker build --build-arg VERSION=$(git describe --tags --always --dirty) -t spice-cloud-mcp .
#
# stdio (the default; what MCP clients launch with `docker run -i`):
#   docker run -i --rm -e SPICE_API_TOKEN spice-cloud-mcp
#   docker run -i --rm spice-cloud-mcp --sandbox
# streamable HTTP on /mcp (health probe on GET /healthz):
#   docker run --rm -p 127.0.0.1:8080:8080 spice-cloud-mcp --http 0.0.0.0:8080
#   (each request then brings its own "Authorization: Bearer <Spice token>"; to serve with the
#   container's own SPICE_API_TOKEN add --http-allow-server-token and a shared secret in
#   SPICE_MCP_HTTP_AUTH_TOKEN or --http-auth-token-file, which callers send in X-MCP-Auth-Token)
#
# Multi-platform: docker buildx build --platform linux/amd64,linux/arm64 . (Go cross-compiles, so
# the build stage runs on the build machine's own platform).

# Base images are pinned by tag, not by digest: a rebuild takes the tag's current image (Go patch
# releases, distroless security rebuilds) without an edit here, and is therefore not reproducible
# byte for byte. No digest is written here because none was resolved: the machines this file is
# maintained on reach no container registry, and an invented digest would fail every build. For a
# reproducible production build, resolve each tag where a registry is reachable and pin it:
#   docker buildx imagetools inspect golang:1.26-alpine                          # prints "Digest: sha256:…"
#   docker buildx imagetools inspect gcr.io/distroless/static-debian12:nonroot
# then write each base image below as image:tag@sha256:… (keeping the tag beside the digest
# documents it; the digest alone decides), and let a bot such as Dependabot or Renovate move them.

# ---- build -------------------------------------------------------------------------------------
FROM --platform=$BUILDPLATFORM golang:1.26-alpine AS build
WORKDIR /src

# Modules first, so this layer is reused until go.mod or go.sum change. Only the root module is
# built: e2e/ is a separate module (tests only) and stays out of the build context.
COPY go.mod go.sum ./
RUN go mod download

COPY . .
ARG VERSION=dev
ARG TARGETOS
ARG TARGETARCH
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X github.com/spice-cloud-mcp/spice-cloud-mcp/internal/cli.Version=${VERSION}" \
      -o /out/spice-cloud-mcp .

# ---- runtime -----------------------------------------------------------------------------------
# distroless/static: no shell, no package manager; CA certificates (for https://api.spice.ai),
# tzdata and /etc/passwd with the nonroot user (65532) are included.
FROM gcr.io/distroless/static-debian12:nonroot

ARG VERSION=dev
LABEL org.opencontainers.image.title="spice-cloud-mcp" \
      org.opencontainers.image.description="MCP server for the Spice.ai Cloud Management API: apps, deployments, secrets, API keys, members" \
      org.opencontainers.image.source="https://github.com/spice-cloud-mcp/spice-cloud-mcp" \
      org.opencontainers.image.url="https://github.com/spice-cloud-mcp/spice-cloud-mcp" \
      org.opencontainers.image.documentation="https://github.com/spice-cloud-mcp/spice-cloud-mcp#readme" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      io.modelcontextprotocol.server.name="io.github.spice-cloud-mcp/spice-cloud-mcp"

COPY --from=build /out/spice-cloud-mcp /spice-cloud-mcp

USER 65532:65532

# Only used with --http 0.0.0.0:8080; the default transport is stdio.
EXPOSE 8080

# No HEALTHCHECK: the image has no shell or curl, and the server has no health-check
# subcommand. With --http, let the orchestrator probe GET /healthz on port 8080 (see
# deploy/kubernetes/deployment.yaml); in stdio mode the client owns the process's lifetime.
ENTRYPOINT ["/spice-cloud-mcp"]
